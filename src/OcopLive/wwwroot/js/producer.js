// The producer portal: live sales per product, pushed by the /hubs/producer SignalR hub
// (JoinProducer → `sales` events, one per session, fed to applySales(); the connection carries a
// short-lived hub token from POST /api/auth/hub-token), the order list with fulfilment buttons
// (POST /api/orders/{id}/status and /cancel).
// Figures are kept per session: the page shows the chosen session's (events of other sessions
// are ignored) or, with no session chosen, the sum over all sessions. They start from
// GET /producer?handler=Sales (every session's figures in the shape of a `sales` event), read once
// the hub has joined and polled only while the hub connection is down.
(function () {
  'use strict';
  var root = document.getElementById('producer');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var producerId = root.dataset.producerId, sessionId = root.dataset.sessionId || '';
  var query = sessionId ? '?sessionId=' + sessionId : '';
  var lastOrders = -1;
  var statuses = { Placed: 'Mới đặt', Confirmed: 'Đã xác nhận', Shipped: 'Đã gửi', Delivered: 'Đã giao', Cancelled: 'Đã huỷ' };
  var next = {
    Placed: [['Confirmed', 'Xác nhận'], ['cancel', 'Huỷ']],
    Confirmed: [['Shipped', 'Đã gửi'], ['cancel', 'Huỷ']],
    Shipped: [['Delivered', 'Đã giao']],
  };

  function message(text, isError) {
    var el = $('producer-message');
    el.textContent = text || ''; el.className = 'message' + (isError ? ' error' : '');
  }

  var bySession = {};   // sessionId → that session's products, as the last `sales` event (or the seed) gave them
  var stock = {};       // productId → stock left, from whichever payload came last (stock is not per session)
  var pushedAt = {};    // sessionId → when the hub last sent its figures

  // One `sales` event: { producerId, sessionId, products: [ { productId, orders, units, revenueVnd, stockLeft } ] },
  // a session's running totals, so it replaces what the page held for that session.
  function applySales(payload) {
    if (!accept(payload)) { return; }
    pushedAt[payload.sessionId] = performance.now();
    keep(payload);
    render();
  }

  // The seed (GET /producer?handler=Sales): every session's figures. A session the hub has
  // spoken about since the seed was asked for keeps the hub's figures: they may be older than
  // the seed's, but then a newer push is already on its way (the notifier pushes after every commit).
  function applySeed(askedAt, body) {
    (body.sessions || []).forEach(function (payload) {
      if (accept(payload) && !(pushedAt[payload.sessionId] >= askedAt)) { keep(payload); }
    });
    render();
  }

  function accept(payload) {
    return payload && payload.producerId === producerId && (!sessionId || payload.sessionId === sessionId);
  }

  function keep(payload) {
    bySession[payload.sessionId] = payload.products || [];
    bySession[payload.sessionId].forEach(function (p) { stock[p.productId] = p.stockLeft; });
  }

  function render() {
    var sums = {}, totals = { orders: 0, units: 0, revenueVnd: 0 };
    Object.keys(bySession).forEach(function (sid) {
      bySession[sid].forEach(function (p) {
        var sum = sums[p.productId] || (sums[p.productId] = { orders: 0, units: 0, revenueVnd: 0 });
        sum.orders += p.orders; sum.units += p.units; sum.revenueVnd += p.revenueVnd;
        totals.orders += p.orders; totals.units += p.units; totals.revenueVnd += p.revenueVnd;
      });
    });
    root.querySelectorAll('[data-product-id]').forEach(function (row) {
      var id = row.dataset.productId, sum = sums[id] || { orders: 0, units: 0, revenueVnd: 0 };
      O.text(row.querySelector('[data-cell=orders]'), O.num(sum.orders));
      O.text(row.querySelector('[data-cell=units]'), O.num(sum.units));
      O.text(row.querySelector('[data-cell=revenueVnd]'), O.money(sum.revenueVnd));
      if (typeof stock[id] === 'number') { O.text(row.querySelector('[data-cell=stockLeft]'), O.num(stock[id])); }
    });
    O.text($('producer-total-orders'), O.num(totals.orders));
    O.text($('producer-total-units'), O.num(totals.units));
    O.text($('producer-total-revenue'), O.money(totals.revenueVnd));
    if (totals.orders !== lastOrders) { lastOrders = totals.orders; reloadSoon(); }
  }

  var seedUrl = '/producer?handler=Sales&producerId=' + producerId + (sessionId ? '&sessionId=' + sessionId : '');
  function seed() {
    var askedAt = performance.now();
    return O.api('GET', seedUrl).then(function (res) { if (res.ok && res.body) { applySeed(askedAt, res.body); } });
  }

  function td(tr, text) { var c = document.createElement('td'); c.textContent = text; tr.appendChild(c); return c; }

  var paymentWords = { Paid: 'Đã thanh toán', Unpaid: 'Chưa thanh toán', Refunded: 'Đã hoàn tiền' };
  var filter = $('producer-payment-filter');
  if (filter) { filter.addEventListener('change', function () { loadOrders(); }); }

  // Paid revenue against ordered revenue over every order of the producer (the list below is
  // paged, so the sums come from the server, not from the rows shown).
  function paymentTotals() {
    O.api('GET', '/api/producers/' + producerId + '/payment-totals' + query).then(function (res) {
      if (!res.ok || !res.body) { return; }
      var t = res.body;
      O.text($('producer-payment-totals'), 'Đã thanh toán ' + O.num(t.paidOrders) + ' đơn · ' + O.money(t.paidVnd) +
        ' — chưa thanh toán ' + O.num(t.unpaidOrders) + ' đơn · ' + O.money(t.unpaidVnd));
    });
  }

  // The list is paged, newest first (limit + the X-Next-Cursor of the previous page); "Xem thêm"
  // loads the next page. A reload asks again for as many as are shown (100 at least, 500 at most).
  var listed = [], nextCursor = null, pageSize = 100;
  var more = $('producer-orders-more');
  if (more) { more.addEventListener('click', function () { loadOrders(true); }); }

  function ordersUrl(limit, after) {
    var pay = filter && filter.value ? 'payment=' + filter.value + '&' : '';
    return '/api/producers/' + producerId + '/orders' + (query ? query + '&' : '?') + pay + 'format=json&limit=' + limit +
      (after ? '&after=' + encodeURIComponent(after) : '');
  }

  // `sales` pushes come up to 10 times a second: at most one reload every 2 s, the last one always made.
  var reloadTimer = null, lastReload = 0;
  function reloadSoon() {
    if (reloadTimer) { return; }
    var wait = Math.max(0, lastReload + 2000 - Date.now());
    reloadTimer = setTimeout(function () { reloadTimer = null; loadOrders(); }, wait);
  }

  function loadOrders(append) {
    if (!append) { lastReload = Date.now(); }
    var limit = append ? pageSize : Math.min(500, Math.max(pageSize, listed.length));
    O.api('GET', ordersUrl(limit, append ? nextCursor : null)).then(function (res) {
      if (!res.ok) { message(res.problem.title, true); return; }
      var orders = res.body;
      listed = append ? listed.concat(orders) : orders;
      nextCursor = res.response.headers.get('X-Next-Cursor');
      if (more) { more.hidden = !nextCursor; }
      if (!append) { paymentTotals(); }
      var frag = document.createDocumentFragment();
      orders.forEach(function (o) {
        var tr = document.createElement('tr');
        tr.dataset.testid = 'producer-order-' + o.number;
        td(tr, '#' + o.number);
        td(tr, O.time(o.createdAt));
        td(tr, o.productName);
        td(tr, o.quantity);
        td(tr, O.money(o.totalVnd));
        td(tr, o.customer.name + ' · ' + o.customer.phone);
        td(tr, [o.address.street, o.address.commune, o.address.province].filter(Boolean).join(', '));
        var p = o.payment || {};
        var pc = td(tr, (paymentWords[p.status] || '') + (p.method === 'CashOnDelivery' && p.status !== 'Paid' ? ' (COD)' : ''));
        pc.className = 'payment-' + p.status;
        pc.dataset.testid = 'producer-order-payment-' + o.number;
        var st = td(tr, statuses[o.status] || o.status);
        st.className = 'status-' + o.status;
        st.dataset.testid = 'producer-order-status-' + o.number;
        var actions = td(tr, '');
        (next[o.status] || []).forEach(function (a) {
          var b = document.createElement('button');
          b.type = 'button'; b.textContent = a[1];
          b.className = a[0] === 'cancel' ? 'secondary' : '';
          b.dataset.testid = 'producer-order-' + (a[0] === 'cancel' ? 'cancel' : a[0].toLowerCase()) + '-' + o.number;
          b.addEventListener('click', function () { change(o, a[0]); });
          actions.appendChild(b);
          actions.appendChild(document.createTextNode(' '));
        });
        frag.appendChild(tr);
      });
      if (append) { $('producer-orders-body').appendChild(frag); } else { $('producer-orders-body').replaceChildren(frag); }
    });
  }

  function change(order, to) {
    if (to === 'cancel' && !window.confirm('Huỷ đơn #' + order.number + '? Hàng sẽ được trả lại kho.')) { return; }
    var call = to === 'cancel'
      ? O.api('POST', '/api/orders/' + order.id + '/cancel')
      : O.api('POST', '/api/orders/' + order.id + '/status', { status: to });
    call.then(function (res) {
      if (res.ok) { message('Đơn #' + order.number + ': ' + (statuses[res.body.status] || res.body.status)); loadOrders(); } else { message(res.problem.title, true); }
    });
  }

  var live = O.hub({
    url: '/hubs/producer',
    join: ['JoinProducer', producerId],
    on: { sales: applySales, payment: reloadSoon },
    token: true,
    poll: { url: seedUrl, ms: 10000, apply: function (body) { applySeed(performance.now(), body); } },
    // JoinProducer sends only the sessions still taking orders; the others come from the seed,
    // read after every join so it is never older than the join's own figures.
    joined: seed,
    root: root,
    indicator: $('hub-state'),
  });
  setInterval(loadOrders, 20000);
  window.OcopProducer = { applySales: applySales, loadOrders: loadOrders, hub: live };
})();
