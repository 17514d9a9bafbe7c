// Scan-to-ship: the page a label's QR code opens marks the order Shipped with one tap.
(function () {
  'use strict';
  var O = window.Ocop, $ = O.byTestId;
  var root = document.getElementById('ship');
  if (!root) { return; }
  var button = $('ship-mark-shipped');
  button.addEventListener('click', function () {
    button.disabled = true;
    O.api('POST', '/api/orders/' + root.dataset.orderId + '/status', { status: 'Shipped' }).then(function (res) {
      if (res.ok) {
        O.text($('ship-status'), 'Đã giao cho hãng vận chuyển');
        O.text($('ship-message'), 'Đã ghi nhận.');
        button.hidden = true;
      } else {
        button.disabled = false;
        O.text($('ship-message'), (res.problem && res.problem.title) || ('Lỗi ' + res.status));
      }
    });
  });
})();
