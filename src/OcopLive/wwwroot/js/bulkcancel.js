// Bulk cancel (docs/flash-deals.md): find the patterns of suspicious orders (one address, a run of
// phone numbers, one street), preview what one matches, then confirm. The confirm sends the same
// filter again; the server cancels what matches then (an order shipped meanwhile is left alone).
(function () {
  'use strict';
  var root = document.querySelector('[data-bulk-session-id]');
  if (!root) { return; }
  var O = window.Ocop;
  var base = '/api/sessions/' + root.dataset.bulkSessionId + '/orders';
  function el(id) { return root.querySelector('[data-testid="' + id + '"]'); }
  var kinds = { address: 'Địa chỉ mạng', phonePrefix: 'Đầu số', street: 'Đường' };
  var previewed = null;

  function filter() {
    var f = {};
    f[el('bulk-kind').value] = el('bulk-value').value.trim();
    return f;
  }

  function say(text) { O.text(el('bulk-summary'), text); }

  function problemText(res) {
    var errors = res.problem && res.problem.errors;
    if (errors) { return Object.keys(errors).map(function (k) { return errors[k].join(' '); }).join(' '); }
    return (res.problem && res.problem.title) || ('Lỗi ' + res.status);
  }

  function show(result, done) {
    var body = el('bulk-orders-body');
    body.textContent = '';
    result.items.forEach(function (o) {
      var tr = document.createElement('tr');
      [o.number, o.productName, o.quantity, O.money(o.totalVnd), o.customerName + ' · ' + o.customerPhone,
        (o.street ? o.street + ', ' : '') + o.commune + ', ' + o.province].forEach(function (v) {
        var td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    el('bulk-orders').hidden = result.orders === 0;
    say((done ? 'Đã huỷ ' : 'Khớp ') + O.num(result.orders) + ' đơn, ' + O.num(result.units) + ' sản phẩm, ' + O.money(result.revenueVnd) +
      (result.orders > result.items.length ? ' (hiện ' + result.items.length + ' đơn đầu)' : '') + '.');
  }

  el('bulk-preview').addEventListener('click', function () {
    var f = filter();
    O.api('POST', base + '/bulk-cancel/preview', f).then(function (res) {
      if (!res.ok) { previewed = null; el('bulk-confirm').hidden = true; say(problemText(res)); return; }
      show(res.body, false);
      previewed = res.body.orders > 0 ? f : null;
      el('bulk-confirm').hidden = !previewed;
      O.text(el('bulk-confirm'), 'Huỷ ' + O.num(res.body.orders) + ' đơn này');
    });
  });

  el('bulk-confirm').addEventListener('click', function () {
    if (!previewed) { return; }
    el('bulk-confirm').disabled = true;
    O.api('POST', base + '/bulk-cancel', previewed).then(function (res) {
      el('bulk-confirm').disabled = false;
      if (!res.ok) { say(problemText(res)); return; }
      previewed = null;
      el('bulk-confirm').hidden = true;
      show(res.body, true);
    });
  });

  // Changing the pattern voids the preview: only what was seen can be confirmed.
  ['bulk-kind', 'bulk-value'].forEach(function (id) {
    el(id).addEventListener('input', function () { previewed = null; el('bulk-confirm').hidden = true; });
  });

  el('bulk-find').addEventListener('click', function () {
    O.api('GET', base + '/patterns').then(function (res) {
      var list = el('bulk-patterns');
      list.textContent = '';
      if (!res.ok) { say(problemText(res)); return; }
      if (res.body.length === 0) { say('Không thấy mẫu nào từ 3 đơn trở lên.'); return; }
      res.body.forEach(function (p) {
        var li = document.createElement('li');
        var b = document.createElement('button');
        b.type = 'button';
        b.dataset.testid = 'bulk-pattern';
        b.textContent = kinds[p.kind] + ' ' + p.value + ': ' + O.num(p.orders) + ' đơn, ' + O.num(p.units) + ' sp';
        b.addEventListener('click', function () {
          el('bulk-kind').value = p.kind;
          el('bulk-value').value = p.value;
          el('bulk-preview').click();
        });
        li.appendChild(b);
        list.appendChild(li);
      });
    });
  });
})();
