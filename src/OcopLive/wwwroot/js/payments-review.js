// The payments review page (/payments): open review items from GET /api/payments/review?state=Open,
// resolved by staff through POST /api/payments/notifications/{id}/resolve; and the bank statement
// import: preview the file, map its columns once per bank when needed, import, show the counts.
(function () {
  'use strict';
  var root = document.getElementById('payments');
  if (!root) { return; }
  var canResolve = root.getAttribute('data-can-resolve') === 'true';
  var $ = function (id) { return Ocop.byTestId(id, root); };

  var outcomeWords = {
    Paid: 'Đã trả đủ',
    Partial: 'Trả thiếu',
    Overpaid: 'Trả thừa',
    AlreadyPaid: 'Đơn đã trả trước đó',
    OrderCancelled: 'Đơn đã huỷ',
    WrongAccount: 'Sai tài khoản',
    Unmatched: 'Không khớp đơn nào',
    Duplicate: 'Trùng, đã nhập trước đó',
    AlreadyCounted: 'Đã ghi nhận qua kênh khác (thông báo ngân hàng hoặc sao kê)',
  };
  var sourceWords = { Webhook: 'Thông báo ngân hàng', Statement: 'Sao kê' };

  function cell(tr, value, testId) {
    var td = document.createElement('td');
    td.textContent = value;
    if (testId) { td.setAttribute('data-testid', testId); }
    tr.appendChild(td);
    return td;
  }

  function problemText(r) {
    var p = r.problem || {};
    var msgs = [];
    if (p.errors) { for (var k in p.errors) { msgs = msgs.concat(p.errors[k]); } }
    return (p.title || ('HTTP ' + r.status)) + (msgs.length ? ': ' + msgs.join(' ') : '');
  }

  // ---- Review items ----
  function loadReview() {
    return Ocop.api('GET', '/api/payments/review?state=Open').then(function (r) {
      var status = $('review-status');
      if (!r.ok) { status.textContent = problemText(r); return; }
      var rows = $('review-rows');
      rows.textContent = '';
      r.body.forEach(function (n) { rows.appendChild(reviewRow(n)); });
      status.textContent = r.body.length === 0 ? 'Không có giao dịch nào chờ xử lý.' : r.body.length + ' giao dịch chờ xử lý.';
      root.setAttribute('data-review-count', String(r.body.length));
    });
  }

  function reviewRow(n) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-testid', 'review-row');
    tr.setAttribute('data-id', String(n.id));
    tr.setAttribute('data-outcome', n.outcome);
    var when = cell(tr, Ocop.dateTime(n.receivedAt));
    if (n.transactionDate) {
      var small = document.createElement('small');
      small.className = 'muted';
      small.textContent = ' (NH: ' + n.transactionDate + ')';
      when.appendChild(small);
    }
    cell(tr, sourceWords[n.source] || n.source);
    cell(tr, Ocop.money(n.amountVnd), 'review-amount');
    cell(tr, n.content, 'review-content');
    cell(tr, outcomeWords[n.outcome] || n.outcome, 'review-outcome');
    cell(tr, n.orderNumber ? n.orderNumber + ' (' + Ocop.money(n.orderTotalVnd) + ')' : '—', 'review-order');
    if (canResolve) { tr.appendChild(resolveCell(n)); }
    return tr;
  }

  // Apply to an order (only money not yet applied: unmatched or wrong account), or close with a note.
  function resolveCell(n) {
    var td = document.createElement('td');
    var form = document.createElement('form');
    form.className = 'resolve';
    var applicable = n.outcome === 'Unmatched' || n.outcome === 'WrongAccount';
    var order = null;
    if (applicable) {
      order = document.createElement('input');
      order.inputMode = 'numeric';
      order.placeholder = 'Mã đơn';
      order.setAttribute('aria-label', 'Mã đơn để ghi tiền');
      order.setAttribute('data-testid', 'resolve-order');
      order.size = 10;
      form.appendChild(order);
    }
    var note = document.createElement('input');
    note.placeholder = 'Ghi chú';
    note.setAttribute('aria-label', 'Ghi chú');
    note.setAttribute('data-testid', 'resolve-note');
    note.maxLength = 500;
    form.appendChild(note);
    var apply = document.createElement('button');
    apply.type = 'submit';
    apply.textContent = applicable ? 'Ghi cho đơn / Đóng' : 'Đóng';
    apply.setAttribute('data-testid', 'resolve-submit');
    form.appendChild(apply);
    var msg = document.createElement('small');
    msg.setAttribute('data-testid', 'resolve-message');
    form.appendChild(msg);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = { note: note.value.trim() || null };
      if (order && order.value.trim()) {
        var digits = order.value.replace(/\D/g, '');
        if (!digits) { msg.textContent = 'Mã đơn là số.'; return; }
        body.orderNumber = Number(digits);
      }
      apply.disabled = true;
      Ocop.api('POST', '/api/payments/notifications/' + n.id + '/resolve', body).then(function (r) {
        apply.disabled = false;
        if (!r.ok) { msg.textContent = problemText(r); return; }
        loadReview();
      });
    });
    td.appendChild(form);
    return td;
  }

  loadReview();

  // ---- Statement import ----
  var form = $('statement-form');
  if (!form) { return; }
  var mapping = $('statement-mapping');
  var message = $('statement-message');
  var pending = null; // { file, producerId, preview }

  function upload(url, file, producerId) {
    var data = new FormData();
    data.append('file', file, file.name);
    data.append('producerId', producerId);
    // Multipart from a page: the CSRF guard wants X-Requested-With (the browser adds Origin).
    return fetch(url, { method: 'POST', body: data, credentials: 'same-origin', headers: { 'X-Requested-With': 'OcopLive', 'Accept': 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return null; }).then(function (json) {
          return { ok: r.ok, status: r.status, body: r.ok ? json : null, problem: r.ok ? null : (json || { title: 'HTTP ' + r.status }) };
        });
      }, function () { return { ok: false, status: 0, problem: { title: 'Mất kết nối mạng (network error)' } }; });
  }

  function say(text, state) {
    message.textContent = text;
    message.setAttribute('data-state', state || '');
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('statement-file');
    var file = input.files && input.files[0];
    if (!file) { say('Hãy chọn tệp sao kê.', 'error'); return; }
    // The server refuses more than 5 MB before reading it; say so without sending it.
    if (file.size > 5 * 1024 * 1024) { say('Tệp quá lớn: tối đa 5 MB; hãy tải sao kê theo khoảng ngày ngắn hơn.', 'error'); return; }
    var producerId = $('statement-account').value;
    $('statement-result').hidden = true;
    say('Đang đọc tệp…', 'busy');
    upload('/api/payments/statements/preview', file, producerId).then(function (r) {
      if (!r.ok) { say(problemText(r), 'error'); return; }
      pending = { file: file, producerId: producerId, preview: r.body };
      if (r.body.layoutFits && !$('statement-remap').checked) {
        runImport();
      } else {
        showMapping(r.body);
      }
    });
  });

  function fill(select, headers, chosen, optional) {
    select.textContent = '';
    if (optional) { select.appendChild(new Option('(không có)', '')); }
    headers.forEach(function (h) { select.appendChild(new Option(h, h, false, h === chosen)); });
    if (chosen && headers.indexOf(chosen) >= 0) { select.value = chosen; }
  }

  function showMapping(p) {
    var headers = p.headers || [];
    if (headers.length === 0) { say('Không tìm thấy dòng tiêu đề cột trong tệp (no header row found).', 'error'); return; }
    var current = p.layout && p.layoutFits ? p.layout : p.suggested;
    $('statement-bank').textContent = (p.bankName || p.bin) + ' (BIN ' + p.bin + ')';
    var missing = [];
    if (p.missing) { for (var k in p.missing) { missing = missing.concat(p.missing[k]); } }
    $('statement-missing').textContent = missing.length ? 'Cách chọn cột đã lưu không khớp tệp này: ' + missing.join(' ') : '';
    mapping.querySelectorAll('select[data-field]').forEach(function (s) {
      var field = s.getAttribute('data-field');
      fill(s, headers, current ? current[field] : null, s.getAttribute('data-optional') === 'true');
    });
    var sample = $('statement-sample');
    sample.textContent = '';
    var head = document.createElement('tr');
    headers.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    sample.appendChild(head);
    (p.sample || []).forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c) { cell(tr, c); });
      sample.appendChild(tr);
    });
    mapping.hidden = false;
    say('Chọn cột cho ngân hàng này rồi bấm "Lưu cách chọn cột và nhập".', 'mapping');
  }

  mapping.addEventListener('submit', function (e) {
    e.preventDefault();
    if (!pending) { return; }
    var body = {};
    mapping.querySelectorAll('select[data-field]').forEach(function (s) { body[s.getAttribute('data-field')] = s.value || null; });
    body.producerId = pending.producerId;
    Ocop.api('PUT', '/api/payments/statement-layouts/' + encodeURIComponent(pending.preview.bin), body).then(function (r) {
      if (!r.ok) { say(problemText(r), 'error'); return; }
      mapping.hidden = true;
      runImport();
    });
  });

  $('statement-cancel').addEventListener('click', function () {
    mapping.hidden = true;
    pending = null;
    say('', '');
  });

  function runImport() {
    say('Đang nhập sao kê…', 'busy');
    upload('/api/payments/statements', pending.file, pending.producerId).then(function (r) {
      if (!r.ok) { say(problemText(r), 'error'); return; }
      $('statement-remap').checked = false;
      if (r.status === 202) { follow(r.body); return; }
      finished(r.body);
    });
  }

  function finished(res) {
    $('statement-progress-box').hidden = true;
    showResult(res);
    say('Đã nhập sao kê ' + (res.fileName || '') + '.', 'done');
    loadReview();
  }

  // A large file is imported by a job: its progress is read every second until it is done.
  function follow(imp) {
    var bar = $('statement-progress');
    $('statement-progress-box').hidden = false;
    bar.max = Math.max(imp.credits, 1);
    bar.value = imp.processed;
    bar.setAttribute('data-state', imp.state);
    $('statement-progress-text').textContent = Ocop.num(imp.processed) + ' / ' + Ocop.num(imp.credits) + ' dòng tiền vào';
    if (imp.state === 'Done') { finished(imp); return; }
    if (imp.state === 'Failed') { say('Nhập sao kê bị dừng; hãy nhập lại tệp (các dòng đã nhập sẽ không bị tính hai lần).', 'error'); return; }
    say('Đang nhập sao kê lớn trong nền…', 'busy');
    setTimeout(function () {
      Ocop.api('GET', '/api/payments/statements/imports/' + imp.importId).then(function (r) {
        if (!r.ok) { say(problemText(r), 'error'); return; }
        follow(r.body);
      });
    }, 1000);
  }

  function showResult(res) {
    $('statement-file-name').textContent = res.fileName || '';
    var counts = $('statement-counts');
    counts.textContent = '';
    function line(label, value, key) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-testid', 'statement-count-' + key);
      tr.setAttribute('data-count', String(value));
      cell(tr, label);
      cell(tr, Ocop.num(value));
      counts.appendChild(tr);
    }
    line('Dòng tiền vào', res.credits, 'Credits');
    ['Paid', 'Partial', 'Overpaid', 'AlreadyPaid', 'OrderCancelled', 'WrongAccount', 'Unmatched', 'AlreadyCounted', 'Duplicate'].forEach(function (k) {
      line(outcomeWords[k], res.counts[k] || 0, k);
    });
    line('Dòng tiền ra (bỏ qua)', res.debitsSkipped, 'Debits');
    line('Dòng không phải giao dịch (bỏ qua)', res.skipped, 'Skipped');
    var review = $('statement-review');
    review.textContent = '';
    res.review.forEach(function (l) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-testid', 'statement-review-line');
      cell(tr, l.row);
      cell(tr, l.date || '—');
      cell(tr, Ocop.money(l.amountVnd));
      cell(tr, l.content);
      cell(tr, outcomeWords[l.outcome] || l.outcome);
      cell(tr, l.orderNumber || '—');
      review.appendChild(tr);
    });
    $('statement-result').hidden = false;
  }
})();
