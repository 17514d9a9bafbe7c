// The producer portal: live sales per product (polled GET /api/producers/{id}/sales; the
// /hubs/producer hub's `sales` events can call applySales() later), the order list with
// fulfilment buttons (POST /api/orders/{id}/status and /cancel).
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

  // Called with every sales payload: { producerId, products: [ { productId, orders, units, revenueVnd, stockLeft? } ] }.
  function applySales(payload) {
    var totals = { orders: 0, units: 0, revenueVnd: 0 };
    (payload.products || []).forEach(function (p) {
      var row = $('producer-sales-row-' + p.productId);
      totals.orders += p.orders; totals.units += p.units; totals.revenueVnd += p.revenueVnd;
      if (!row) { return; }
      O.text(row.querySelector('[data-cell=orders]'), O.num(p.orders));
      O.text(row.querySelector('[data-cell=units]'), O.num(p.units));
      O.text(row.querySelector('[data-cell=revenueVnd]'), O.money(p.revenueVnd));
      if (typeof p.stockLeft === 'number') { O.text(row.querySelector('[data-cell=stockLeft]'), O.num(p.stockLeft)); }
    });
    O.text($('producer-total-orders'), O.num(totals.orders));
    O.text($('producer-total-units'), O.num(totals.units));
    O.text($('producer-total-revenue'), O.money(totals.revenueVnd));
    if (totals.orders !== lastOrders) { lastOrders = totals.orders; loadOrders(); }
  }

  function td(tr, text) { var c = document.createElement('td'); c.textContent = text; tr.appendChild(c); return c; }

  function loadOrders() {
    O.api('GET', '/api/producers/' + producerId + '/orders' + (query ? query + '&' : '?') + 'format=json').then(function (res) {
      if (!res.ok) { message(res.problem.title, true); return; }
      var frag = document.createDocumentFragment();
      res.body.slice().reverse().forEach(function (o) {
        var tr = document.createElement('tr');
        tr.dataset.testid = 'producer-order-' + o.number;
        td(tr, '#' + o.number);
        td(tr, O.time(o.createdAt));
        td(tr, o.productName);
        td(tr, o.quantity);
        td(tr, O.money(o.totalVnd));
        td(tr, o.customer.name + ' · ' + o.customer.phone);
        td(tr, [o.address.street, o.address.commune, o.address.province].filter(Boolean).join(', '));
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
      $('producer-orders-body').replaceChildren(frag);
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

  O.poll('/api/producers/' + producerId + '/sales' + query, 3000, applySales);
  setInterval(loadOrders, 20000);
  window.OcopProducer = { applySales: applySales, loadOrders: loadOrders };
})();
