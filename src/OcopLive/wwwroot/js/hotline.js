// The hotline desk: the product select follows the segment on air (the /hubs/live SignalR hub's
// `snapshot`, `counters` and `segmentChanged` events, fed to applySnapshot(); the live API is polled
// only while the hub connection is down), a returning caller's name and address are filled from
// their phone number, Enter places the order, Esc starts a new one.
(function () {
  'use strict';
  var root = document.getElementById('hotline');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var sessionId = root.dataset.sessionId;
  var form = root.querySelector('form');
  var product = $('hotline-product');
  var pickedByHand = false;
  var lookedUp = '';

  var orderForm = new window.OcopOrderForm(form, {
    sessionId: sessionId,
    channel: 'Hotline',
    onSuccess: function (order, body) {
      O.text($('hotline-order-number'), order.number);
      var name = product.options[product.selectedIndex] ? product.options[product.selectedIndex].text : '';
      O.text($('hotline-order-summary'), body.customer.name + ' · ' + order.quantity + ' × ' + name.replace(/^#\d+ /, '').replace(/ — .*$/, '') +
        ' · tổng ' + O.money(order.totalVnd) + ' · ' + O.timeSec(order.createdAt));
      showPayment(order);
      if ($('hotline-recent').querySelector('[data-number="' + order.number + '"]')) { return; } // a replayed answer
      var li = document.createElement('li');
      li.dataset.number = order.number;
      li.textContent = '#' + order.number + ' · ' + body.customer.phone + ' · ' + order.quantity + ' · ' + O.money(order.totalVnd) +
        ' · ' + payWords(order.payment);
      $('hotline-recent').prepend(li);
    },
  });

  // How the caller pays, in the recent list: transfer (paid or not yet) or cash on delivery.
  function payWords(p) {
    if (!p) { return ''; }
    if (p.method !== 'BankTransfer') { return 'COD'; }
    return p.status === 'Paid' ? 'CK đã thanh toán' : 'CK chưa thanh toán';
  }

  // The payment block the operator reads out: at once from the 201 (note, amount, method), then the
  // bank, account, holder's name and the spelt-out sentence from GET /api/orders/{id}/transfer.
  var shownOrder = null;
  function showPayment(order) {
    var p = order.payment, block = $('hotline-payment');
    if (!p) { block.hidden = true; return; }
    shownOrder = order.id;
    var transfer = p.method === 'BankTransfer';
    block.hidden = false;
    block.dataset.method = p.method;
    block.dataset.orderId = order.id;
    $('hotline-pay-transfer').hidden = !transfer;
    $('hotline-pay-cod').hidden = transfer;
    O.text($('hotline-pay-note'), p.transferNote);
    O.text($('hotline-pay-amount'), O.money(order.totalVnd));
    O.text($('hotline-pay-cod-amount'), O.money(order.totalVnd));
    ['hotline-pay-bank', 'hotline-pay-account', 'hotline-pay-name'].forEach(function (id) { O.text($(id), '…'); });
    O.text($('hotline-pay-readout'), '');
    O.api('GET', '/api/orders/' + order.id + '/transfer').then(function (res) {
      if (shownOrder !== order.id) { return; } // a newer order is on screen
      if (!res.ok) { O.text($('hotline-pay-readout'), 'Không đọc được thông tin thanh toán: ' + res.problem.title); return; }
      var t = res.body;
      O.text($('hotline-pay-bank'), t.bankName ? t.bankName + ' (BIN ' + t.bin + ')' : t.bin ? 'Mã BIN ' + t.bin : '—');
      O.text($('hotline-pay-account'), t.accountNumber || '—');
      O.text($('hotline-pay-name'), t.accountName || '(tên chưa có: tài khoản đã đổi sau khi đặt đơn)');
      O.text($('hotline-pay-readout'), t.readOut);
    });
  }

  function newOrder() {
    form.reset();
    orderForm.reset();
    pickedByHand = false;
    lookedUp = '';
    O.text($('hotline-caller'), '');
    if (current) { product.value = current.productId; }
    $('hotline-phone').focus();
  }

  var current = null;
  function applySnapshot(s) {
    if (!s || s.sessionId !== sessionId) { return; }
    current = s.current;
    O.text($('onair-product'), current ? current.name : O.words().nothingOnAir);
    O.text($('onair-price'), current ? O.money(current.priceVnd) + ' · còn ' + O.num(current.stockLeft) : '');
    O.text($('hotline-status'), s.status);
    if (current && !pickedByHand && product.value !== current.productId) { product.value = current.productId; }
  }

  function lookup() {
    var phone = $('hotline-phone').value.trim();
    if (phone.length < 9 || phone === lookedUp) { return; }
    lookedUp = phone;
    O.api('POST', '/api/customers/lookup', { phone: phone }).then(function (res) {
      if (res.ok) {
        var c = res.body;
        var fill = function (id, v) { var el = $(id); if (!el.value) { el.value = v || ''; } };
        fill('hotline-name', c.name); fill('hotline-province', c.province); fill('hotline-commune', c.commune); fill('hotline-street', c.street);
        O.text($('hotline-caller'), 'Khách cũ: ' + c.name + ' — đơn gần nhất ' + O.dateTime(c.lastOrderAt));
      } else if (res.status === 404) {
        O.text($('hotline-caller'), 'Khách mới (new caller).');
      } else {
        O.text($('hotline-caller'), '');
      }
    });
    reliability(phone, $('hotline-reliability'));
  }

  // The caller's parcels with every producer (counts only), and whether they must pay first.
  function reliability(phone, el) {
    O.text(el, '');
    el.dataset.refused = '';
    O.api('GET', '/api/customers/reliability?phone=' + encodeURIComponent(phone)).then(function (res) {
      if (!res.ok) { return; }
      var r = res.body;
      if (r.delivered + r.returned + r.refused === 0) { O.text(el, 'Chưa có kiện hàng nào (no parcels yet).'); return; }
      el.dataset.refused = String(r.refused);
      O.text(el, 'Kiện hàng: ' + r.delivered + ' đã giao · ' + r.returned + ' hoàn về · ' + r.refused + ' từ chối nhận'
        + (r.refused > 0 ? ' — khách từng từ chối nhận hàng; đề nghị chuyển khoản trước.' : '.'));
    });
  }

  $('hotline-phone').addEventListener('blur', lookup);
  $('hotline-phone').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !$('hotline-name').value) { e.preventDefault(); lookup(); $('hotline-name').focus(); }
  });
  product.addEventListener('change', function () { pickedByHand = true; });
  // A call in progress keeps its product when the show moves on; Esc (new order) follows the air again.
  form.addEventListener('input', function () { pickedByHand = true; });
  $('hotline-new').addEventListener('click', newOrder);
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); newOrder(); }
    if (e.key === 'F2') { e.preventDefault(); $('hotline-phone').focus(); $('hotline-phone').select(); }
  });

  var live = O.hub({
    url: '/hubs/live',
    join: ['JoinSession', sessionId],
    on: { snapshot: applySnapshot, counters: applySnapshot, segmentChanged: applySnapshot },
    poll: { url: '/api/sessions/' + sessionId + '/live', ms: 10000, apply: applySnapshot },
    root: root,
    indicator: $('hub-state'),
  });
  window.OcopHotline = { applySnapshot: applySnapshot, newOrder: newOrder, hub: live };
})();
