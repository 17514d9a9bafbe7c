// One order form for the viewer page and the hotline desk: reads the fields, posts
// POST /api/sessions/{id}/orders with an Idempotency-Key and shows problem details next to the
// fields. The key belongs to one body: sending the same body again (double Enter, a retry after a
// network error or a 503) reuses it, so the server answers with the first order instead of making
// a second one; any change to the body gets a fresh key. With options.challenge (the viewer page,
// challenge.js) each order carries a solved challenge in Ocop-Challenge; a retry with the same key
// sends the same solution (the server lets the same order spend it again), and a solution refused
// as expired or spent is replaced once, at once, without asking the viewer.
(function () {
  'use strict';
  var O = window.Ocop;
  var conflicts = {
    'sold-out': 'Hết hàng — sản phẩm này đã bán hết (sold out).',
    'limit-reached': 'Số điện thoại này đã mua tối đa số lượng cho phép của sản phẩm (limit per customer reached).',
    'ordering-closed': 'Phiên đã đóng đơn (ordering is closed).',
    'not-found': 'Sản phẩm không có trong phiên này (not in this session).',
    'rate-limited': 'Bạn thao tác quá nhanh, vui lòng thử lại sau vài giây.',
    'overloaded': 'Hệ thống đang bận, vui lòng bấm Đặt lại — đơn sẽ không bị trùng.',
    'unavailable': 'Tạm thời chưa lưu được đơn, vui lòng bấm Đặt lại — đơn sẽ không bị trùng.',
    'network': 'Mất kết nối mạng, vui lòng bấm Đặt lại — đơn sẽ không bị trùng.',
    'idempotency-key-reused': 'Vui lòng bấm Đặt lại.',
    'challenge-required': 'Chưa xác minh được thiết bị, vui lòng bấm Đặt hàng lại.',
  };

  function OrderForm(form, options) {
    this.form = form;
    this.options = options;
    this.key = null;
    this.keyBody = null;
    this.inFlight = null;
    this.solution = null;
    var self = this;
    form.addEventListener('submit', function (e) { e.preventDefault(); self.submit(); });
    var province = form.querySelector('[data-field="address.province"]'), commune = form.querySelector('[data-field="address.commune"]');
    if (O.communePicker && province && commune) {
      O.communePicker({ province: province, commune: commune, prefix: commune.dataset.testid.replace(/-commune$/, '') });
    }
    if (options.challenge) {
      var warm = function () { options.challenge.warm(); };
      form.addEventListener('focusin', warm);
      form.addEventListener('input', warm);
    }
  }

  OrderForm.prototype.value = function (field) {
    var el = this.form.querySelector('[data-field="' + field + '"]');
    return el ? el.value.trim() : '';
  };

  OrderForm.prototype.body = function () {
    return {
      productId: this.value('productId') || null,
      quantity: parseInt(this.value('quantity'), 10) || 0,
      customer: { name: this.value('customer.name'), phone: this.value('customer.phone') },
      address: {
        province: this.value('address.province'), commune: this.value('address.commune'), street: this.value('address.street') || null,
        communeCode: O.communeCode ? O.communeCode(this.form.querySelector('[data-field="address.commune"]')) : null,
      },
      channel: this.options.channel,
    };
  };

  OrderForm.prototype.clearErrors = function () {
    this.form.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
    this.form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  };

  OrderForm.prototype.showProblem = function (res) {
    var form = this.form, general = [];
    var errors = res.problem && res.problem.errors;
    if (errors && res.status === 400 && res.problemType !== 'challenge-required') {
      Object.keys(errors).forEach(function (key) {
        var slot = form.querySelector('[data-error-for="' + key + '"]');
        var input = form.querySelector('[data-field="' + key + '"]');
        var text = (errors[key] || []).join(' ');
        if (slot) { slot.textContent = text; } else { general.push(text); }
        if (input) { input.setAttribute('aria-invalid', 'true'); }
      });
      var first = form.querySelector('[aria-invalid]');
      if (first) { first.focus(); }
    } else {
      var msg = conflicts[res.problemType] || (res.problem && res.problem.title) || ('Lỗi ' + res.status);
      if (res.problemType === 'limit-reached' && res.problem.scope === 'address') { msg = res.problem.title; }
      if (res.problemType === 'limit-reached' && res.problem.detail) { msg += ' ' + res.problem.detail; }
      general.push(msg);
    }
    var slotAll = form.querySelector('[data-error-for="_"]');
    if (slotAll) { slotAll.textContent = general.join(' '); }
  };

  // Resolves to the order (201/200) or null; a second call while one is in flight returns the same promise.
  OrderForm.prototype.submit = function () {
    if (this.inFlight) { return this.inFlight; }
    var self = this, body = this.body(), text = JSON.stringify(body);
    if (!this.key || this.keyBody !== text) { this.key = O.uuid(); this.keyBody = text; this.solution = null; }
    this.clearErrors();
    var button = this.form.querySelector('[type="submit"]');
    if (button) { button.disabled = true; }
    this.inFlight = this.send(body, 1)
      .then(function (res) {
        self.inFlight = null;
        if (button) { button.disabled = false; }
        if (res.ok) {
          self.options.onSuccess(res.body, body);
          return res.body;
        }
        // A definitive refusal ends this key; a retryable one (network, 503, 429) keeps it.
        if (res.status !== 0 && res.status !== 503 && res.status !== 429) { self.key = null; self.solution = null; }
        self.showProblem(res);
        if (self.options.onProblem) { self.options.onProblem(res); }
        return null;
      });
    return this.inFlight;
  };

  // One POST; with a challenge, the solution for this key first, and once more with a fresh one if refused.
  OrderForm.prototype.send = function (body, retries) {
    var self = this, challenge = this.options.challenge;
    var solution = !challenge ? Promise.resolve(null) : this.solution ? Promise.resolve(this.solution) : challenge.take();
    return solution.then(function (s) {
      self.solution = s;
      var headers = { 'Idempotency-Key': self.key };
      if (s) { headers['Ocop-Challenge'] = s; }
      return O.api('POST', '/api/sessions/' + self.options.sessionId + '/orders', body, headers);
    }).then(function (res) {
      if (challenge && res.problemType === 'challenge-required' && retries > 0) {
        self.solution = null;
        return self.send(body, retries - 1);
      }
      return res;
    });
  };

  OrderForm.prototype.reset = function () {
    this.key = null;
    this.solution = null;
    this.keyBody = null;
    this.clearErrors();
  };

  window.OcopOrderForm = OrderForm;
})();
