// Accounts: start OAuth (telling the admin when a network's app is not set up), pick pages after
// connecting, connect with a token, set the posting rhythm, disconnect.
(function () {
  'use strict';
  var p = window.planner;
  var errorBox = document.querySelector('[data-accounts-error]');
  function showError(message) { errorBox.innerHTML = '<p>' + p.escapeHtml(message) + '</p>'; errorBox.hidden = false; errorBox.scrollIntoView({ block: 'nearest' }); }

  document.querySelectorAll('[data-connect]').forEach(function (button) {
    button.addEventListener('click', function () {
      var url = '/api/accounts/connect/' + button.getAttribute('data-connect');
      // Ask first without following the redirect: a 400 means the network's app is not configured.
      p.busy(button, fetch(url, { credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' } }))
        .then(function (res) {
          if (res.type === 'opaqueredirect' || res.status === 302) { window.location.assign(url); return null; }
          return res.json().then(function (body) { showError(body.message || 'The connection could not be started.'); });
        })
        .catch(function () { showError('The planner could not be reached. Check your connection and try again.'); });
    });
  });

  // Reconnect: the network's sign-in again (the same account is updated, its history kept); where the network's
  // app is not set up here, the token form opens filled in for this account instead.
  document.querySelectorAll('[data-reconnect]').forEach(function (button) {
    button.addEventListener('click', function () {
      var network = button.getAttribute('data-reconnect');
      var url = '/api/accounts/connect/' + network;
      p.busy(button, fetch(url, { credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' } }))
        .then(function (res) {
          if (res.type === 'opaqueredirect' || res.status === 302) { window.location.assign(url); return null; }
          return res.json().catch(function () { return {}; }).then(function (body) {
            var details = document.querySelector('.token-connect');
            var form = document.querySelector('[data-token-form]');
            if (!details || !form) { showError(body.message || 'The reconnection could not be started.'); return; }
            details.open = true;
            form.elements.network.value = network;
            form.elements.externalAccountId.value = button.getAttribute('data-external-id') || '';
            showError((body.message ? body.message + ' ' : '') + 'Paste a new access token for ' + button.closest('[data-account]').getAttribute('data-account-name') + ' below to reconnect it.');
            form.elements.accessToken.focus();
          });
        })
        .catch(function () { showError('The planner could not be reached. Check your connection and try again.'); });
    });
  });

  var pickCard = document.querySelector('[data-page-pick]');
  if (pickCard) {
    var pick = pickCard.getAttribute('data-page-pick');
    var network = pickCard.getAttribute('data-network');
    var box = pickCard.querySelector('[data-pick-choices]');
    p.api('GET', '/api/accounts/connect/' + network + '/pages?pick=' + encodeURIComponent(pick))
      .then(function (choices) {
        box.innerHTML = choices.pages.length ? choices.pages.map(function (page) {
          return '<label class="check"><input type="checkbox" name="pageIds" value="' + p.escapeHtml(page.id) + '"><span class="check-text"><strong>' + p.escapeHtml(page.name) + '</strong>' + (page.handle ? '<small>' + p.escapeHtml(page.handle) + '</small>' : '') + '</span></label>';
        }).join('') : '<p class="muted small">No pages you can post to were found on this account.</p>';
      })
      .catch(function (err) { box.innerHTML = '<p class="text-danger">' + p.escapeHtml(err.message) + '</p>'; });
    var form = pickCard.querySelector('[data-pick-form]');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var ids = Array.prototype.map.call(form.querySelectorAll('[name=pageIds]:checked'), function (c) { return c.value; });
      p.busy(form.querySelector('[type=submit]'), p.api('POST', '/api/accounts/connect/' + network + '/pages', { pick: pick, pageIds: ids }))
        .then(function (accounts) { window.location.assign('/accounts?connected=' + accounts.map(function (a) { return a.id; }).join(',')); })
        .catch(function (err) { p.showErrors(form, err); });
    });
  }

  var tokenForm = document.querySelector('[data-token-form]');
  if (tokenForm) {
    tokenForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var f = tokenForm.elements;
      var body = { network: f.network.value, accessToken: f.accessToken.value.trim() };
      if (f.externalAccountId.value.trim()) body.externalAccountId = f.externalAccountId.value.trim();
      if (f.name.value.trim()) body.name = f.name.value.trim();
      p.busy(tokenForm.querySelector('[type=submit]'), p.api('POST', '/api/accounts', body))
        .then(function (account) { window.location.assign('/accounts?connected=' + account.id); })
        .catch(function (err) { p.showErrors(tokenForm, err); });
    });
  }

  document.querySelectorAll('[data-cadence-form]').forEach(function (form) {
    var row = form.closest('[data-account]');
    var save = function (body, button) {
      return p.busy(button, p.api('PATCH', '/api/accounts/' + row.getAttribute('data-account'), body))
        .then(function () { window.location.reload(); })
        .catch(function (err) { p.showErrors(form, err); });
    };
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      save({
        cadence: { minPostsPerWeek: Number(form.elements.minPostsPerWeek.value), maxGapDays: Number(form.elements.maxGapDays.value), windows: [] },
        evergreenFill: form.elements.evergreenFill.checked,
      }, form.querySelector('[type=submit]'));
    });
    form.querySelector('[data-clear-cadence]').addEventListener('click', function (e) { save({ cadence: null, evergreenFill: false }, e.currentTarget); });
  });

  document.querySelectorAll('[data-retry-failed]').forEach(function (button) {
    button.addEventListener('click', function () {
      var row = button.closest('[data-account]');
      p.busy(button, p.api('POST', '/api/accounts/' + row.getAttribute('data-account') + '/retry-failed'))
        .then(function (res) {
          p.toast(res.published + ' of ' + res.retried + ' published' + (res.published < res.retried ? '; see each post for the rest' : ''), res.published === res.retried ? 'success' : 'info');
          window.setTimeout(function () { window.location.reload(); }, 800);
        })
        .catch(function (err) { p.toast(err.message, 'error'); });
    });
  });

  document.querySelectorAll('[data-disconnect]').forEach(function (button) {
    button.addEventListener('click', function () {
      var row = button.closest('[data-account]');
      if (!window.confirm('Disconnect ' + row.getAttribute('data-account-name') + '? Its saved sign-in is deleted. Posts scheduled to it stay on the calendar and will not publish until it is connected again.')) return;
      p.busy(button, p.api('DELETE', '/api/accounts/' + row.getAttribute('data-account')))
        .then(function () { window.location.reload(); })
        .catch(function (err) { p.toast(err.message, 'error'); });
    });
  });
})();
