// The producer portal's parcels: create the session's parcels with the producer's carrier account
// (POST …/shipments → the bulk Hangfire job), a progress bar, and every parcel's status, pushed
// live on /hubs/producer (`shipment`, `parcels`) and read again from GET …/shipments.
(function () {
  'use strict';
  var O = window.Ocop, $ = O.byTestId;
  var root = document.getElementById('parcels');
  if (!root) { return; }
  var producerId = root.dataset.producerId, sessionId = root.dataset.sessionId;
  var url = '/api/producers/' + producerId + '/sessions/' + sessionId + '/shipments';
  var carriers = { GHN: 'GHN', GHTK: 'GHTK', ViettelPost: 'Viettel Post' };
  var running = false, rows = {};

  function progress(p) {
    var bar = $('parcels-progress');
    bar.max = Math.max(1, p.orders);
    bar.value = p.withParcel;
    O.text($('parcels-progress-text'), p.withParcel + '/' + p.orders + ' đơn đã có vận đơn'
      + (p.failed ? ' · ' + p.failed + ' lỗi' : '')
      + (p.awaitingPayment ? ' · ' + p.awaitingPayment + ' đơn chờ khách chuyển khoản trước' : '')
      + ' · đã giao ' + p.delivered + ' · hoàn ' + p.returned);
    root.dataset.withParcel = p.withParcel;
    root.dataset.awaitingPayment = p.awaitingPayment || 0;
    if (running && p.withParcel + p.failed + (p.awaitingPayment || 0) >= p.orders) { running = false; O.text($('parcels-message'), 'Đã tạo xong vận đơn.'); }
  }

  function td(tr, text, id) {
    var c = document.createElement('td');
    c.textContent = text;
    if (id) { c.dataset.testid = id; }
    tr.appendChild(c);
    return c;
  }

  function row(r) {
    var s = r.shipment, tr = document.createElement('tr');
    tr.dataset.testid = 'parcel-' + r.number;
    td(tr, '#' + r.number);
    td(tr, r.customerName);
    td(tr, r.commune + ', ' + r.province);
    td(tr, s ? carriers[s.carrier] || s.carrier : '');
    td(tr, s && s.trackingCode ? s.trackingCode : '', 'parcel-tracking-' + r.number);
    var st = td(tr, s ? (s.trackingCode ? s.statusText : (s.lastError ? 'Lỗi: ' + s.lastError : 'Đang tạo…')) : 'Chưa có vận đơn', 'parcel-status-' + r.number);
    st.dataset.status = s ? s.status : '';
    td(tr, s ? O.money(s.codVnd) : '');
    var actions = td(tr, '');
    if (s && s.labelUrl) {
      var a = document.createElement('a');
      a.href = s.labelUrl; a.target = '_blank'; a.rel = 'noopener'; a.textContent = 'Nhãn của hãng';
      actions.appendChild(a);
    }
    if (s && s.trackingCode && s.status === 'Created') {
      var b = document.createElement('button');
      b.type = 'button'; b.className = 'secondary'; b.textContent = 'Hủy vận đơn';
      b.addEventListener('click', function () {
        O.api('POST', '/api/orders/' + r.orderId + '/shipment/cancel').then(function (res) {
          O.text($('parcels-message'), res.ok ? 'Đã hủy vận đơn #' + r.number : (res.problem && res.problem.title) || 'Lỗi ' + res.status);
          load();
        });
      });
      actions.appendChild(b);
    }
    return tr;
  }

  function load() {
    return O.api('GET', url).then(function (res) {
      if (!res.ok || !res.body) { return; }
      progress(res.body.progress);
      var body = $('parcels-body');
      body.textContent = '';
      rows = {};
      res.body.parcels.forEach(function (r) { rows[r.orderId] = r; body.appendChild(row(r)); });
    });
  }

  function shipment(update) {
    if (update.sessionId !== sessionId) { return; }
    var r = rows[update.orderId];
    if (!r) { load(); return; }
    r.shipment = update.shipment;
    var old = document.querySelector('[data-testid="parcel-' + r.number + '"]');
    if (old) { old.replaceWith(row(r)); }
  }

  $('parcels-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var weight = parseInt($('parcels-weight').value, 10);
    O.api('POST', url, { carrier: $('parcels-carrier').value, weightGrams: isNaN(weight) ? null : weight }).then(function (res) {
      if (res.status === 202) {
        running = true;
        O.text($('parcels-message'), 'Đang tạo vận đơn…');
        progress(res.body.progress);
      } else {
        O.text($('parcels-message'), (res.problem && res.problem.title) || 'Lỗi ' + res.status);
      }
    });
  });

  var hub = window.OcopProducer && window.OcopProducer.hub;
  if (hub && hub.connection) {
    hub.connection.on('shipment', shipment);
    hub.connection.on('parcels', function (p) { if (p.sessionId === sessionId) { progress(p); load(); } });
  }
  // While the bulk job runs, read the table again every 2 s too (a push missed during a reconnect).
  setInterval(function () { if (running) { load(); } }, 2000);
  setInterval(load, 30000);
  load();
})();
