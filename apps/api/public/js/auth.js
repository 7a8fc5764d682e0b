// Sign-in, first-run setup and invitation forms: each posts to the JSON API and shows its errors in place.
(function () {
  'use strict';
  var p = window.planner;

  function values(form) {
    var out = {};
    new FormData(form).forEach(function (v, k) { out[k] = typeof v === 'string' ? v : ''; });
    return out;
  }

  function mismatch(form, field) {
    p.showErrors(form, new p.ApiError(400, { message: ['The two passwords do not match'], fields: { confirm: ['The two passwords do not match'] } }));
    return field;
  }

  var login = document.querySelector('[data-login-form]');
  if (login) {
    login.addEventListener('submit', function (event) {
      event.preventDefault();
      var v = values(login);
      p.clearErrors(login);
      p.busy(login.querySelector('[type=submit]'), p.api('POST', '/api/auth/login', { email: v.email.trim(), password: v.password }))
        .then(function () { window.location.assign(login.getAttribute('data-next') || '/'); })
        .catch(function (err) { p.showErrors(login, err); });
    });
  }

  var setup = document.querySelector('[data-setup-form]');
  if (setup) {
    // Preselect the browser's own zone: usually the practice's.
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var select = setup.querySelector('[name=timezone]');
      if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
    } catch (e) { /* keep the default */ }
    setup.addEventListener('submit', function (event) {
      event.preventDefault();
      var v = values(setup);
      if (v.adminPassword !== v.confirm) return mismatch(setup);
      var body = { practiceName: v.practiceName.trim(), timezone: v.timezone, adminName: v.adminName.trim(), adminEmail: v.adminEmail.trim(), adminPassword: v.adminPassword };
      var button = setup.querySelector('[type=submit]');
      p.busy(button, p.api('POST', '/api/setup', body).then(function () {
        return p.api('POST', '/api/auth/login', { email: body.adminEmail, password: body.adminPassword });
      }))
        .then(function () { window.location.assign('/settings?welcome=1'); })
        .catch(function (err) { p.showErrors(setup, err); });
    });
  }

  var forgot = document.querySelector('[data-forgot-form]');
  if (forgot) {
    forgot.addEventListener('submit', function (event) {
      event.preventDefault();
      var v = values(forgot);
      p.clearErrors(forgot);
      p.busy(forgot.querySelector('[type=submit]'), p.api('POST', '/api/auth/forgot-password', { email: v.email.trim() }))
        .then(function (res) {
          var sent = document.querySelector('[data-forgot-sent]');
          sent.querySelector('[data-forgot-message]').textContent = res.message;
          sent.hidden = false;
          forgot.reset();
        })
        .catch(function (err) { p.showErrors(forgot, err); });
    });
  }

  var reset = document.querySelector('[data-reset-form]');
  if (reset) {
    reset.addEventListener('submit', function (event) {
      event.preventDefault();
      var v = values(reset);
      if (v.password !== v.confirm) return mismatch(reset);
      p.busy(reset.querySelector('[type=submit]'), p.api('POST', '/api/auth/reset-password', { token: reset.getAttribute('data-token'), password: v.password }))
        .then(function () { window.location.assign('/login?reset=1'); })
        .catch(function (err) { p.showErrors(reset, err); });
    });
  }

  var invite = document.querySelector('[data-invite-form]');
  if (invite) {
    invite.addEventListener('submit', function (event) {
      event.preventDefault();
      var v = values(invite);
      if (v.password !== v.confirm) return mismatch(invite);
      p.busy(invite.querySelector('[type=submit]'), p.api('POST', '/api/auth/accept-invite', { token: invite.getAttribute('data-token'), password: v.password }))
        .then(function () { window.location.assign('/login?welcome=1'); })
        .catch(function (err) { p.showErrors(invite, err); });
    });
  }
})();
