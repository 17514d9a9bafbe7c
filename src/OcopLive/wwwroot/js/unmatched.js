// The unmatched addresses page: each row's form gets the order pages' commune picker (accent- and
// case-insensitive, offline after one map fetch, "Địa chỉ cũ?" included); on submit the picked
// commune's code goes in the hidden field, and without a pick the names are sent as typed.
(function () {
  'use strict';
  var O = window.Ocop;
  document.querySelectorAll('form[data-unmatched-id]').forEach(function (form) {
    var id = form.dataset.unmatchedId;
    var province = form.querySelector('select[name="province"]');
    var commune = form.querySelector('input[name="commune"]');
    var code = form.querySelector('input[name="communeCode"]');
    O.communePicker({ province: province, commune: commune, prefix: 'unmatched-' + id });
    form.addEventListener('submit', function () { code.value = O.communeCode(commune) || ''; });
  });
})();
