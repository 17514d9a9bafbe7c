// The carriers' COD settlement import on /payments: "Xem trước" posts the file to the preview
// route (nothing stored) and lists what each line would do; "Nhập đối soát" imports the same file.
(function () {
  'use strict';
  var O = window.Ocop;
  var root = document.getElementById('cod-settlements');
  if (!root) { return; }
  function $(id) { return root.querySelector('[data-testid="' + id + '"]'); }
  var form = $('cod-form');
  if (!form) { return; }
  var words = {
    Paid: 'Đã thanh toán', Overpaid: 'Thu thừa', Short: 'Thu thiếu', AlreadyPaid: 'Đơn đã trả trước',
    OrderCancelled: 'Đơn đã huỷ', UnknownTracking: 'Mã vận đơn lạ', FeeOnly: 'Chỉ phí (hoàn/trả trước)', Duplicate: 'Đã nhập trước đó'
  };

  function upload(url) {
    var file = $('cod-file').files[0];
    var data = new FormData();
    if (file) { data.append('file', file, file.name); }
    data.append('producerId', $('cod-producer').value);
    data.append('carrier', $('cod-carrier').value);
    // Multipart from a page: the CSRF guard wants X-Requested-With (the browser adds Origin).
    return fetch(url, { method: 'POST', body: data, credentials: 'same-origin', headers: { 'X-Requested-With': 'OcopLive', 'Accept': 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return null; }).then(function (json) {
          return { ok: r.ok, body: r.ok ? json : null, problem: r.ok ? null : (json || { title: 'HTTP ' + r.status }) };
        });
      }, function () { return { ok: false, problem: { title: 'Mất kết nối mạng (network error)' } }; });
  }

  function show(result, imported) {
    $('cod-result').hidden = false;
    var c = result.counts;
    var parts = Object.keys(c).filter(function (k) { return c[k] > 0; }).map(function (k) { return (words[k] || k) + ': ' + c[k]; });
    O.text($('cod-summary'), (imported ? 'Đã nhập ' : 'Xem trước ') + result.lines + ' dòng · thu hộ ' + O.money(result.collectedVnd)
      + ' · phí ' + O.money(result.feeVnd) + ' · ' + parts.join(' · '));
    var body = $('cod-lines');
    body.textContent = '';
    (imported ? result.review : result.sample).forEach(function (l) {
      var tr = document.createElement('tr');
      [String(l.row), l.trackingCode, O.money(l.collectedVnd), O.money(l.feeVnd), l.orderNumber ? '#' + l.orderNumber : '—', words[l.outcome] || l.outcome]
        .forEach(function (t) { var td = document.createElement('td'); td.textContent = t; tr.appendChild(td); });
      tr.dataset.outcome = l.outcome;
      body.appendChild(tr);
    });
  }

  function problem(res) {
    var errors = res.problem.errors ? Object.keys(res.problem.errors).map(function (k) { return res.problem.errors[k].join(' '); }).join(' ') : '';
    O.text($('cod-message'), res.problem.title + (errors ? ' — ' + errors : ''));
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    $('cod-import').disabled = true;
    O.text($('cod-message'), 'Đang đọc tệp…');
    upload('/api/delivery/cod-settlements/preview').then(function (res) {
      if (!res.ok) { problem(res); return; }
      O.text($('cod-message'), 'Kiểm tra rồi bấm "Nhập đối soát".');
      show(res.body, false);
      $('cod-import').disabled = false;
    });
  });
  $('cod-import').addEventListener('click', function () {
    $('cod-import').disabled = true;
    O.text($('cod-message'), 'Đang nhập…');
    upload('/api/delivery/cod-settlements').then(function (res) {
      if (!res.ok) { problem(res); return; }
      O.text($('cod-message'), 'Đã nhập. Dòng thu thiếu, mã lạ và chênh lệch nằm trong danh sách chờ xử lý ở trên.');
      show(res.body, true);
    });
  });
})();
