// The planning page's hard out: set or remove the TV slot's hard end (PUT …/hard-out) and see the
// line-up back-timed to it (GET …/backtime): per segment, the expected start, the latest start for
// the show to end on time, and the difference; in total, over or under.
(function () {
  'use strict';
  var root = document.getElementById('hardout');
  if (!root) { return; }
  var O = window.Ocop, $ = function (id) { return O.byTestId(id, root); };
  var base = '/api/sessions/' + root.dataset.sessionId;
  $('hardout-input').value = root.dataset.hardOut || '';

  function signed(ms) { return (ms > 0 ? '+' : ms < 0 ? '' : '±') + O.clock(ms); }

  function render(bt) {
    var over = O.span(bt.overUnder);
    O.text($('backtime-summary'), (bt.targetIsHardOut ? 'Giờ cứng ' : 'Hết khung giờ ') + O.timeSec(bt.target) +
      ' · dự kiến hết ' + O.timeSec(bt.expectedEnd) + ' · ' +
      (over > 0 ? 'LỐ ' + O.clock(over) + ' — bớt phút ở các phân đoạn' : 'dư ' + O.clock(-over)));
    $('backtime-summary').dataset.status = bt.status;
    var frag = document.createDocumentFragment();
    bt.rows.forEach(function (r) {
      var tr = document.createElement('tr'), ou = O.span(r.overUnder);
      tr.dataset.testid = 'backtime-row-' + r.position;
      tr.className = ou > 0 ? 'over' : 'under';
      [r.position, O.time(r.expectedStart), O.time(r.latestStart), signed(ou)].forEach(function (v) {
        var td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    $('backtime-rows').replaceChildren(frag);
  }

  function refresh() { return O.api('GET', base + '/backtime').then(function (res) { if (res.ok) { render(res.body); } }); }

  function save(value) {
    O.api('PUT', base + '/hard-out', { hardOutAt: value }).then(function (res) {
      var errors = res.problem && res.problem.errors ? ' ' + Object.keys(res.problem.errors).map(function (k) { return res.problem.errors[k].join(' '); }).join(' ') : '';
      O.text($('hardout-message'), res.ok ? (value ? 'Đã lưu giờ cứng.' : 'Đã bỏ giờ cứng.') : (res.problem.title || 'Lỗi') + errors);
      if (res.ok) { render(res.body); }
    });
  }

  $('hardout-save').addEventListener('click', function () {
    var v = $('hardout-input').value;
    save(v ? v + ':00+07:00' : null);
  });
  $('hardout-clear').addEventListener('click', function () { $('hardout-input').value = ''; save(null); });
  // The line-up editor's buttons change what is back-timed.
  ['lineup-build', 'lineup-save', 'lineup-lock'].forEach(function (id) {
    var b = O.byTestId(id);
    if (b) { b.addEventListener('click', function () { setTimeout(refresh, 1500); }); }
  });
  refresh();
})();
