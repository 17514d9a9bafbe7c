// Order look-up for viewers: POST /api/orders/lookup { number, phone } (404 unless both match).
(function () {
  'use strict';
  var O = window.Ocop, $ = O.byTestId;
  var form = $('lookup-form');
  if (!form) { return; }
  var statuses = { Placed: 'Đã đặt', Confirmed: 'Đã xác nhận', Shipped: 'Đang giao', Delivered: 'Đã giao', Cancelled: 'Đã huỷ' };
  var params = new URLSearchParams(location.search);
  if (params.get('number')) { $('lookup-number').value = params.get('number'); }
  var carriers = { GHN: 'GHN', GHTK: 'GHTK', ViettelPost: 'Viettel Post' };
  var following = null;

  // The parcel's status in Vietnamese (statusText comes from the server), with the carrier's code.
  function showShipment(s) {
    $('lookup-shipment').hidden = !s;
    if (!s) { return; }
    var st = $('lookup-shipment-status');
    st.dataset.status = s.status;
    O.text(st, s.statusText || s.status);
    O.text($('lookup-shipment-tracking'), s.trackingCode ? (carriers[s.carrier] || s.carrier) + ' · mã vận đơn ' + s.trackingCode : '');
  }

  // Follows the order live on /hubs/live (JoinOrder with the order's watch token): `shipment`
  // when the carrier reports the parcel moved, `payment` when the money arrives.
  function follow(token) {
    if (!token || !window.signalR || !O.hub || following === token) { return; }
    // One connection per order looked up; only the order shown now updates the page.
    following = token;
    O.hub({
      url: '/hubs/live',
      join: ['JoinOrder', token],
      on: {
        shipment: function (u) { if (following === token) { showShipment(u.shipment); } },
        payment: function (u) {
          if (following !== token) { return; }
          var st = $('lookup-payment-status');
          st.dataset.status = u.status;
          if (u.status === 'Paid') { O.text(st, 'Đã thanh toán'); $('lookup-payment-transfer').hidden = true; }
        },
      },
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    form.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
    $('lookup-result').hidden = true;
    // The phone goes in the body, never in the URL (logs, history).
    O.api('POST', '/api/orders/lookup', { number: $('lookup-number').value.trim(), phone: $('lookup-phone').value.trim() }).then(function (res) {
      if (res.ok) {
        var o = res.body;
        O.text($('lookup-result-number'), '#' + o.number);
        O.text($('lookup-result-status'), statuses[o.status] || o.status);
        O.text($('lookup-result-summary'), o.quantity + ' × ' + o.productName + ' — ' + O.money(o.totalVnd) + ' · đặt lúc ' + O.dateTime(o.createdAt));
        O.text($('lookup-result-address'), o.address ? 'Giao đến: ' + [o.address.street, o.address.commune, o.address.province].filter(Boolean).join(', ') : '');
        var p = o.payment || {};
        var st = $('lookup-payment-status');
        st.dataset.status = p.status;
        O.text(st, p.status === 'Paid' ? 'Đã thanh toán' : p.status === 'Refunded' ? 'Đã hoàn tiền'
          : p.method === 'BankTransfer' ? 'Chưa thanh toán (chuyển khoản)' : 'Thanh toán khi nhận hàng (COD)');
        var transfer = p.method === 'BankTransfer' && p.vietQr && p.status !== 'Paid' && o.status !== 'Cancelled';
        $('lookup-payment-transfer').hidden = !transfer;
        if (transfer) {
          O.text($('lookup-transfer-note'), p.transferNote);
          O.image($('lookup-payment-qr'), '/api/payments/watch/qr', { 'Ocop-Watch-Token': p.watchToken });
        }
        showShipment(o.shipment);
        follow(p.watchToken);
        $('lookup-result').hidden = false;
        return;
      }
      var errors = res.problem && res.problem.errors;
      if (res.status === 400 && errors) {
        Object.keys(errors).forEach(function (k) {
          var slot = form.querySelector('[data-error-for="' + k + '"]') || form.querySelector('[data-error-for="_"]');
          slot.textContent = errors[k].join(' ');
        });
      } else {
        O.text($('lookup-error'), res.status === 404 ? 'Không tìm thấy đơn với mã và số điện thoại này.'
          : res.status === 429 ? 'Bạn tra cứu quá nhiều lần, vui lòng thử lại sau ít phút.' : (res.problem.title || 'Lỗi ' + res.status));
      }
    });
  });
})();
