// The "chốt đơn" desk: a session's live-chat comments, pushed by the /hubs/desk SignalR hub
// (`comment`, `commentChanged`; the comments API is polled only while the hub is down). Orders come
// first. Selecting a comment claims it (POST /api/comments/{id}/claim): only the claimant sees its
// phone number, and the address of that phone's last order fills the form. Enter confirms through
// POST /api/comments/{id}/confirm (the same order intake as every channel); Delete dismisses.
(function () {
  'use strict';
  var root = document.getElementById('desk');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var sessionId = root.dataset.sessionId;
  var products = JSON.parse(document.getElementById('desk-products').textContent || '[]');
  var byId = {};        // comment id → comment
  var selected = null;  // comment id
  var claimed = null;   // { id, comment, previous }
  var form = document.getElementById('desk-form');
  O.communePicker({ province: $('desk-province'), commune: $('desk-commune'), prefix: 'desk' });

  products.forEach(function (p) {
    var opt = document.createElement('option');
    opt.value = p.id;
    opt.textContent = '#' + p.position + ' ' + p.name;
    $('desk-product').appendChild(opt);
  });

  function productName(id) {
    for (var i = 0; i < products.length; i++) { if (products[i].id === id) { return '#' + products[i].position + ' ' + products[i].name; } }
    return 'sản phẩm đang lên sóng';
  }

  function platformMark(p) { return { YouTube: 'YT', Facebook: 'FB', TikTok: 'TT', Zalo: 'ZL' }[p] || '··'; }

  function row(c) {
    var li = document.createElement('li');
    li.dataset.testid = 'desk-comment';
    li.dataset.id = c.id;
    li.tabIndex = -1;
    li.addEventListener('click', function () { select(c.id); });
    render(li, c);
    return li;
  }

  function span(cls, testid, value) {
    var s = document.createElement('span');
    s.className = cls;
    if (testid) { s.dataset.testid = testid; }
    s.textContent = value;
    return s;
  }

  function render(li, c) {
    li.dataset.kind = c.kind;
    li.dataset.state = c.state;
    li.className = 'desk-item ' + c.kind.toLowerCase() + ' ' + c.state.toLowerCase() + (c.id === selected ? ' selected' : '');
    li.textContent = '';
    li.appendChild(span('platform', null, platformMark(c.platform)));
    li.appendChild(span('author', 'desk-author', c.author));
    li.appendChild(span('text', 'desk-text', c.text));
    if (c.kind === 'Order') {
      li.appendChild(span('hl', 'desk-parsed-product', productName(c.productId)));
      li.appendChild(span('hl', 'desk-parsed-quantity', '× ' + (c.quantity || 1)));
      if (c.phone) { li.appendChild(span('hl', 'desk-parsed-phone', c.phone)); }
    }
    if (c.claimedBy) { li.appendChild(span('muted small', 'desk-claimed-by', c.claimedBy + ' đang xử lý')); }
    if (c.state !== 'New') { li.appendChild(span('badge', 'desk-state', c.state === 'Confirmed' ? 'Đã chốt' : 'Bỏ qua')); }
  }

  function listFor(c) { return c.kind === 'Order' ? $('desk-orders') : $('desk-others'); }

  function upsert(c) {
    if (!c || c.sessionId !== sessionId) { return; }
    var known = byId[c.id];
    byId[c.id] = c;
    var li = root.querySelector('[data-testid="desk-comment"][data-id="' + c.id + '"]');
    if (!li) {
      li = row(c);
      listFor(c).appendChild(li);
    } else {
      render(li, c);
    }
    if (!known) { O.text($('desk-count'), '(' + $('desk-orders').children.length + ')'); }
    if (!selected && c.kind === 'Order' && c.state === 'New') { select(c.id); }
    if (c.id === selected && c.state !== 'New') { next(); }
  }

  function visibleOrder() {
    return Array.prototype.slice.call(root.querySelectorAll('[data-testid="desk-comment"]'));
  }

  // The next comment still to handle after the selected one (orders first, oldest first).
  function next() {
    var items = visibleOrder().filter(function (li) { return li.dataset.state === 'New' && li.dataset.id !== selected; });
    var order = items.filter(function (li) { return li.dataset.kind === 'Order'; })[0];
    select(order ? order.dataset.id : null);
  }

  function move(step) {
    var items = visibleOrder();
    var at = items.findIndex(function (li) { return li.dataset.id === selected; });
    var to = items[Math.max(0, Math.min(items.length - 1, at + step))];
    if (to) { select(to.dataset.id); }
  }

  function select(id) {
    var prev = selected && root.querySelector('[data-testid="desk-comment"][data-id="' + selected + '"]');
    if (prev) { prev.classList.remove('selected'); }
    selected = id;
    claimed = null;
    form.reset();
    O.text($('desk-prefill'), '');
    O.text($('desk-message'), '');
    var c = id && byId[id];
    if (!c) { O.text($('desk-selected'), 'Chưa có bình luận nào cần chốt.'); return; }
    var li = root.querySelector('[data-testid="desk-comment"][data-id="' + id + '"]');
    if (li) { li.classList.add('selected'); li.scrollIntoView({ block: 'nearest' }); }
    O.text($('desk-selected'), c.author + ': ' + c.text);
    $('desk-name').value = c.author;
    $('desk-quantity').value = c.quantity || 1;
    if (c.productId) { $('desk-product').value = c.productId; }
    $('desk-phone').value = c.phone || '';
    if (c.state !== 'New') { return; }
    O.text($('desk-reliability'), '');
    O.api('POST', '/api/comments/' + id + '/claim', {}).then(function (res) {
      if (selected !== id) { return; }
      if (!res.ok) { O.text($('desk-message'), res.problem.title); return; }
      claimed = res.body;
      if (res.body.comment.phone) { reliability(res.body.comment.phone); }
      byId[id] = res.body.comment;
      $('desk-phone').value = res.body.comment.phone || '';
      $('desk-phone').readOnly = !!res.body.comment.phone;
      O.text($('desk-selected'), res.body.comment.author + ': ' + res.body.comment.text);
      var p = res.body.previous;
      if (p) {
        $('desk-name').value = p.name;
        $('desk-province').value = p.province;
        $('desk-commune').value = p.commune;
        $('desk-street').value = p.street || '';
        O.text($('desk-prefill'), 'Địa chỉ lấy từ đơn trước của số này: ' + p.name + ', ' + p.commune + ', ' + p.province);
      } else {
        O.text($('desk-prefill'), res.body.comment.phone ? 'Khách mới: gọi ' + res.body.comment.phone + ' để hỏi địa chỉ.' : 'Bình luận không có số điện thoại: nhập số sau khi nhắn tin cho khách.');
      }
    });
  }

  // The buyer's parcels with every producer (counts only): who refused before is asked to pay first.
  function reliability(phone) {
    O.api('GET', '/api/customers/reliability?phone=' + encodeURIComponent(phone)).then(function (res) {
      if (!res.ok) { return; }
      var r = res.body;
      O.text($('desk-reliability'), r.delivered + r.returned + r.refused === 0 ? 'Chưa có kiện hàng nào.'
        : 'Kiện hàng: ' + r.delivered + ' đã giao · ' + r.returned + ' hoàn về · ' + r.refused + ' từ chối nhận'
          + (r.refused > 0 ? ' — đề nghị chuyển khoản trước.' : '.'));
    });
  }

  function confirm() {
    var id = selected;
    if (!id || !claimed || claimed.comment.id !== id) { return; }
    if (!$('desk-province').value.trim() || !$('desk-commune').value.trim()) {
      O.text($('desk-message'), 'Cần tỉnh và xã/phường: gọi khách rồi nhập.');
      ($('desk-province').value.trim() ? $('desk-commune') : $('desk-province')).focus();
      return;
    }
    var body = {
      customer: { name: $('desk-name').value.trim(), phone: $('desk-phone').value.trim() || null },
      address: {
        province: $('desk-province').value.trim(), commune: $('desk-commune').value.trim(), street: $('desk-street').value.trim() || null,
        communeCode: O.communeCode($('desk-commune')),
      },
      quantity: parseInt($('desk-quantity').value, 10) || 1,
      productId: $('desk-product').value || null,
    };
    O.text($('desk-message'), 'Đang chốt…');
    O.api('POST', '/api/comments/' + id + '/confirm', body).then(function (res) {
      // The hub's commentChanged may arrive before this answer and move the desk on: the message is shown anyway.
      if (!res.ok) {
        if (selected !== id) { return; }
        var errors = res.problem.errors ? Object.keys(res.problem.errors).map(function (k) { return res.problem.errors[k].join(' '); }).join(' · ') : '';
        O.text($('desk-message'), res.problem.title + (errors ? ': ' + errors : ''));
        return;
      }
      var c = byId[id];
      c.state = 'Confirmed';
      c.orderId = res.body.id;
      upsert(c); // moves on to the next comment to handle
      O.text($('desk-message'), 'Đã chốt đơn #' + res.body.number + ' · ' + O.money(res.body.totalVnd) + ' (' + c.author + ')');
    });
  }

  function dismiss() {
    var id = selected;
    if (!id) { return; }
    O.api('POST', '/api/comments/' + id + '/dismiss', {}).then(function (res) {
      if (!res.ok) { O.text($('desk-message'), res.problem.title); return; }
      upsert(res.body);
      if (selected === id) { next(); }
    });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); confirm(); });
  $('desk-dismiss').addEventListener('click', dismiss);
  document.addEventListener('keydown', function (e) {
    var typing = e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT');
    if (e.key === 'ArrowDown' && !typing) { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp' && !typing) { e.preventDefault(); move(-1); }
    else if (e.key === 'Enter' && !typing) { e.preventDefault(); confirm(); }
    else if (e.key === 'Delete' && !typing) { e.preventDefault(); dismiss(); }
  });

  function load() {
    return O.api('GET', '/api/sessions/' + sessionId + '/comments').then(function (res) {
      if (res.ok && res.body) { res.body.forEach(upsert); }
    });
  }

  var live = O.hub({
    url: '/hubs/desk',
    token: true,
    join: ['JoinDesk', sessionId],
    root: root,
    indicator: $('hub-state'),
    on: { comment: upsert, commentChanged: upsert },
    joined: load,
    poll: { url: '/api/sessions/' + sessionId + '/comments', ms: 5000, apply: function (list) { list.forEach(upsert); } },
  });
  window.OcopDesk = { hub: live, select: select, comments: byId, state: function () { return { selected: selected, claimed: claimed && claimed.comment.id, active: document.activeElement && document.activeElement.tagName }; } };
})();
