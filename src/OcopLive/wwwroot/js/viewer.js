// The viewer's order page: follows the product on air through the phones' feed (JoinViewer on
// /hubs/live, `now` events fed to applyNow(); while the connection is down /now is polled every
// 15 s and nothing is shown about it), lets the viewer pick another product of the line-up, and
// places the order with an Idempotency-Key (see orderform.js). A page rendered with
// data-feed="poll" (the node's viewer budget was reached), or whose JoinViewer is refused for
// that reason, polls /now every 2 s instead: same screen, no error, a little later.
(function () {
  'use strict';
  var root = document.getElementById('viewer');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var sessionId = root.dataset.sessionId;
  var form = $('viewer-order-form');
  var picked = null;   // a product the viewer chose from the list; null = follow the one on air

  function choose(productId, name) {
    $('viewer-product-id').value = productId || '';
    O.text($('viewer-chosen-product'), name || '—');
    root.querySelectorAll('[data-product-id]').forEach(function (li) {
      li.classList.toggle('chosen', li.dataset.productId === productId);
    });
  }

  // The viewer's view has no stars (it stays under 1 KB): they come with the line-up on the page.
  function starsOf(productId) {
    var li = root.querySelector('[data-product-id="' + productId + '"]');
    return li ? parseInt(li.dataset.stars, 10) || 0 : 0;
  }

  function applyNow(s) {
    if (!s || s.sessionId !== sessionId) { return; }
    var c = s.current;
    O.text($('onair-badge'), s.status === 'Live' ? O.words().onAirBadge : O.words().marketBadge);
    if (c) {
      var stars = starsOf(c.productId);
      O.text($('onair-product'), c.name);
      if (stars) { O.text($('onair-stars'), '★'.repeat(stars) + ' OCOP'); }
      O.text($('onair-producer'), c.producerName);
      O.text($('onair-price'), O.money(c.priceVnd));
      O.text($('onair-stock'), c.soldOut ? 'Hết hàng' : 'Còn ' + O.num(c.stockLeft));
      if (!picked) { choose(c.productId, c.name); }
    }
    root.querySelectorAll('[data-product-id]').forEach(function (li) {
      li.classList.toggle('on', !!c && li.dataset.productId === c.productId);
    });
    var open = O.takesOrders(s.status);
    if (!open && s.status === 'Closed') {
      form.hidden = true;
      O.text($('viewer-closed'), O.words().noOrders[s.status]);
      $('viewer-closed').hidden = false;
    } else if (open && form.hidden && $('viewer-confirmation').hidden) {
      form.hidden = false; $('viewer-closed').hidden = true;
    }
  }

  // The order's payment: its VietQR (or cash on delivery), then "Đã thanh toán" as soon as the
  // bank's notification is matched, pushed on this page's hub connection (JoinOrder with the
  // order's watch token) or, while the hub is down, read every 5 s.
  var watching = null, watchTimer = null;
  function applyPayment(p) {
    if (!p || !watching || p.orderId !== watching.orderId) { return; }
    var el = $('viewer-payment-status');
    el.dataset.status = p.status;
    O.text(el, p.status === 'Paid' ? 'Đã thanh toán' : p.paidVnd > 0 ? 'Đã nhận ' + O.money(p.paidVnd) + ' / ' + O.money(p.totalVnd) : 'Chưa thanh toán');
    if (p.status === 'Paid') {
      $('viewer-payment-transfer').hidden = true;   // nothing more to scan
      if (watchTimer) { clearInterval(watchTimer); watchTimer = null; }
    }
  }
  function joinOrder() {
    if (!watching || !live || !live.connection) { return; }
    live.connection.invoke('JoinOrder', watching.token).catch(function () { /* the poll below still runs */ });
  }
  function showPayment(order) {
    var p = order.payment;
    if (!p) { return; }
    $('viewer-payment').hidden = false;
    var transfer = p.method === 'BankTransfer' && p.vietQr;
    $('viewer-payment-transfer').hidden = !transfer;
    $('viewer-payment-cod').hidden = !!transfer;
    O.text($('viewer-payment-amount'), O.money(order.totalVnd));
    O.text($('viewer-cod-amount'), O.money(order.totalVnd));
    O.text($('viewer-transfer-note'), p.transferNote);
    // A buyer with refused parcels pays first: the server says why, in Vietnamese.
    $('viewer-prepay-reason').hidden = !p.prepayReason;
    O.text($('viewer-prepay-reason'), p.prepayReason || '');
    var el = $('viewer-payment-status');
    el.dataset.status = p.status;
    O.text(el, p.status === 'Paid' ? 'Đã thanh toán' : 'Chưa thanh toán');
    if (!transfer || !p.watchToken) { return; }
    O.image($('viewer-payment-qr'), '/api/payments/watch/qr', { 'Ocop-Watch-Token': p.watchToken });
    watching = { orderId: order.id, token: p.watchToken };
    joinOrder();
    if (watchTimer) { clearInterval(watchTimer); }
    watchTimer = setInterval(function () {
      if (live && live.state === 'live') { return; }
      O.api('GET', '/api/payments/watch', undefined, { 'Ocop-Watch-Token': watching.token }).then(function (res) {
        if (res.ok) { applyPayment(res.body); }
      });
    }, 5000);
  }

  var orderForm = new window.OcopOrderForm(form, {
    sessionId: sessionId,
    channel: 'Web',
    challenge: window.OcopChallenge || null,
    onSuccess: function (order) {
      O.text($('viewer-order-number'), order.number);
      O.text($('viewer-order-summary'), order.quantity + ' × ' + $('viewer-chosen-product').textContent + ' — ' + O.money(order.totalVnd) +
        ' · ' + O.dateTime(order.createdAt) + '. Người bán sẽ gọi xác nhận.');
      showPayment(order);
      form.hidden = true;
      $('viewer-confirmation').hidden = false;
      $('viewer-confirmation').scrollIntoView();
      remember();
    },
    onProblem: function () { $('viewer-error').scrollIntoView({ block: 'center' }); },
  });

  // The buyer's details stay on this phone only when the viewer asks ("Nhớ thông tin cho lần sau"):
  // phones are shared in a family or a shop. Unticked at the next order, or "Quên", removes them.
  var buyerKey = 'ocop.buyer';
  var buyerFields = { name: 'viewer-name', phone: 'viewer-phone', province: 'viewer-province', commune: 'viewer-commune', street: 'viewer-street' };

  function remember() {
    try {
      if ($('viewer-remember').checked) {
        var saved = {};
        Object.keys(buyerFields).forEach(function (k) { saved[k] = $(buyerFields[k]).value; });
        localStorage.setItem(buyerKey, JSON.stringify(saved));
      } else {
        localStorage.removeItem(buyerKey);
      }
    } catch (e) { /* private mode */ }
    $('viewer-forget').hidden = !$('viewer-remember').checked;
  }

  try {
    var saved = JSON.parse(localStorage.getItem(buyerKey) || 'null');
    if (saved) {
      Object.keys(buyerFields).forEach(function (k) { $(buyerFields[k]).value = saved[k] || ''; });
      $('viewer-remember').checked = true;
      $('viewer-forget').hidden = false;
    }
  } catch (e) { /* ignore */ }

  $('viewer-forget').addEventListener('click', function () {
    try { localStorage.removeItem(buyerKey); } catch (e) { /* private mode */ }
    Object.keys(buyerFields).forEach(function (k) { $(buyerFields[k]).value = ''; });
    $('viewer-remember').checked = false;
    $('viewer-forget').hidden = true;
  });

  // Once the viewer starts typing, the product they came for stays in the form even if the
  // show moves on; the panel above still shows the new product and the list offers it.
  form.addEventListener('input', function () {
    if (!picked && $('viewer-product-id').value) { picked = $('viewer-product-id').value; }
  });

  root.querySelectorAll('[data-product-id] button').forEach(function (b) {
    b.addEventListener('click', function () {
      var li = b.closest('[data-product-id]');
      picked = li.dataset.productId;
      choose(li.dataset.productId, li.dataset.name);
      form.scrollIntoView();
    });
  });
  var qty = $('viewer-quantity');
  $('viewer-quantity-minus').addEventListener('click', function () { qty.value = Math.max(1, (parseInt(qty.value, 10) || 1) - 1); });
  $('viewer-quantity-plus').addEventListener('click', function () { qty.value = (parseInt(qty.value, 10) || 0) + 1; });
  $('viewer-order-again').addEventListener('click', function () {
    orderForm.reset();
    picked = null;
    $('viewer-confirmation').hidden = true;
    $('viewer-payment').hidden = true;
    if (watchTimer) { clearInterval(watchTimer); watchTimer = null; }
    watching = null;
    form.hidden = false;
    qty.value = 1;
    form.scrollIntoView();
  });

  var nowUrl = '/api/sessions/' + sessionId + '/now';
  var polling = false;

  // Every 2 s (+ up to 0.5 s of jitter). The answer carries an ETag and max-age=1, so the browser
  // asks with If-None-Match and an unchanged figure costs a 304 with no body.
  function pollNow() {
    if (polling) { return; }
    polling = true;
    root.dataset.feed = 'poll';
    root.dataset.hubState = 'offline';
    var tick = function () {
      O.api('GET', nowUrl).then(function (res) {
        if (res.ok && res.body) { applyNow(res.body); }
        setTimeout(tick, 2000 + Math.floor(Math.random() * 500));
      });
    };
    tick();
  }

  var live = null;
  if (root.dataset.feed === 'poll' || !window.signalR) {
    pollNow();
  } else {
    live = O.hub({
      url: '/hubs/live',
      join: ['JoinViewer', sessionId],
      on: { now: applyNow, payment: applyPayment },
      joined: joinOrder,
      poll: { url: nowUrl, ms: 15000, apply: applyNow },
      // The node carries its viewer budget: leave the hub to the others and poll.
      refused: function (err) {
        if (!/viewer-budget-full/.test(String(err && err.message))) { return false; }
        pollNow();
        return true;
      },
      root: root,
    });
  }
  window.OcopViewer = { applyNow: applyNow, hub: live };
})();
