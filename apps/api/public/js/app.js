// Shared page behaviour: JSON calls with the CSRF header, errors shown next to form fields,
// toasts, the mobile menu and the account menu. No build step: plain browser JavaScript.
(function () {
  'use strict';

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return '';
  }

  function csrfToken() { return cookie('planner_csrf'); }

  /** An API error with the server's message(s) and, for validation errors, the fields they belong to. */
  function ApiError(status, body) {
    var message = body && body.message;
    this.name = 'ApiError';
    this.status = status;
    this.body = body || {};
    this.messages = Array.isArray(message) ? message : [message || defaultMessage(status)];
    this.message = this.messages.join(' ');
    this.fields = (body && body.fields) || {};
    // Domain errors name one field: { field: 'targetAccountIds', message }.
    if (body && typeof body.field === 'string' && !body.fields) { this.fields = {}; this.fields[body.field] = this.messages; }
  }
  ApiError.prototype = Object.create(Error.prototype);

  function defaultMessage(status) {
    if (status === 0) return 'The planner could not be reached. Check your connection and try again.';
    if (status === 401) return 'Your session has ended. Sign in again to continue.';
    if (status === 403) return 'You do not have permission to do that.';
    if (status === 404) return 'That item no longer exists.';
    if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
    return 'That did not work. Please check the form and try again.';
  }

  /** fetch() for the JSON API: same-origin cookies, CSRF header on every state change, errors as ApiError. */
  function api(method, url, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken();
    return fetch(url, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .catch(function () { throw new ApiError(0, null); })
      .then(function (res) {
        var type = res.headers.get('content-type') || '';
        var parsed = type.indexOf('application/json') >= 0 ? res.json().catch(function () { return null; }) : Promise.resolve(null);
        return parsed.then(function (data) {
          if (!res.ok) throw new ApiError(res.status, data);
          return data;
        });
      });
  }

  var ICON_ALERT = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d="M12 8v4M12 16h.01"/></svg>';
  var ICON_OK = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d="m8 12 3 3 5-6"/></svg>';

  function escapeHtml(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function clearErrors(form) {
    form.querySelectorAll('.field-error').forEach(function (el) { el.remove(); });
    form.querySelectorAll('.has-error').forEach(function (el) { el.classList.remove('has-error'); });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); });
    var alert = form.querySelector('[data-form-alert]');
    if (alert) { alert.hidden = true; alert.innerHTML = ''; }
  }

  /**
   * Shows an API error on a form: each validation message next to its field (matched by the field's
   * data-field or name), and whatever is left in the form's alert box at the top.
   * fieldMap maps API field names to form field names when they differ.
   */
  function showErrors(form, err, fieldMap) {
    clearErrors(form);
    var leftover = [];
    var fields = (err && err.fields) || {};
    var placed = {};
    Object.keys(fields).forEach(function (apiField) {
      var name = (fieldMap && fieldMap[apiField]) || apiField;
      var input = form.querySelector('[data-field="' + name + '"]') || form.querySelector('[name="' + name + '"]');
      var wrapper = input && (input.closest('.field') || input.parentElement);
      if (!wrapper) { leftover = leftover.concat(fields[apiField]); return; }
      wrapper.classList.add('has-error');
      var id = 'err-' + name.replace(/[^a-z0-9]/gi, '-');
      var msg = document.createElement('p');
      msg.className = 'field-error';
      msg.id = id;
      msg.innerHTML = ICON_ALERT + '<span>' + escapeHtml(humanise(fields[apiField].join(' '), apiField)) + '</span>';
      wrapper.appendChild(msg);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id);
      fields[apiField].forEach(function (m) { placed[m] = true; });
    });
    var messages = (err && err.messages) || [String(err)];
    messages.forEach(function (m) { if (!placed[m]) leftover.push(m); });
    var alert = form.querySelector('[data-form-alert]');
    if (leftover.length && alert) {
      alert.innerHTML = ICON_ALERT + '<div>' + (leftover.length === 1 ? '<p>' + escapeHtml(leftover[0]) + '</p>'
        : '<strong>Please fix the following:</strong><ul>' + leftover.map(function (m) { return '<li>' + escapeHtml(m) + '</li>'; }).join('') + '</ul>') + '</div>';
      alert.hidden = false;
    } else if (leftover.length) {
      toast(leftover.join(' '), 'error');
    }
    var first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    else if (alert && !alert.hidden) alert.scrollIntoView({ block: 'nearest' });
  }

  /** "adminEmail must be an email" reads better as "Must be an e-mail address" under the field. */
  function humanise(message, field) {
    var text = String(message);
    var prefix = field + ' ';
    if (text.indexOf(prefix) === 0) text = text.slice(prefix.length);
    text = text.replace(/^must be an email$/, 'must be a valid e-mail address')
      .replace(/^must be longer than or equal to (\d+) characters$/, 'must be at least $1 characters long')
      .replace(/^must be a URL address$/, 'must be a full web address starting with https://');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function toast(message, kind) {
    var box = document.querySelector('[data-toasts]');
    if (!box) { box = document.createElement('div'); box.className = 'toasts'; box.setAttribute('aria-live', 'polite'); document.body.appendChild(box); }
    var el = document.createElement('div');
    el.className = 'toast' + (kind === 'error' ? ' toast-error' : '');
    el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    el.innerHTML = (kind === 'error' ? ICON_ALERT : ICON_OK) + '<span>' + escapeHtml(message) + '</span>';
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, kind === 'error' ? 8000 : 4000);
  }

  /** Marks a button busy while a promise runs. */
  function busy(button, promise) {
    if (!button) return promise;
    button.setAttribute('aria-busy', 'true');
    button.disabled = true;
    var done = function () { button.removeAttribute('aria-busy'); button.disabled = false; };
    return promise.then(function (v) { done(); return v; }, function (e) { done(); throw e; });
  }

  function pageData(id) {
    var el = document.getElementById(id || 'page-data');
    return el ? JSON.parse(el.textContent || 'null') : null;
  }

  function linesOf(value) {
    return String(value || '').split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // Mobile navigation.
  document.addEventListener('click', function (event) {
    var toggle = event.target.closest && event.target.closest('[data-nav-toggle]');
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute('aria-controls'));
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      if (nav) nav.classList.toggle('open', open);
      return;
    }
    // Close the account menu when clicking elsewhere.
    document.querySelectorAll('details[data-user-menu][open]').forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute('open');
    });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    document.querySelectorAll('details[data-user-menu][open]').forEach(function (menu) {
      menu.removeAttribute('open');
      var summary = menu.querySelector('summary');
      if (summary) summary.focus();
    });
  });
  // The practice switcher (account menu): accept an invitation first if it is one, then switch, and open the
  // calendar of the practice switched to (the current page's ids belong to the other practice).
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-switch-practice]');
    if (!button || button.getAttribute('aria-current') === 'true') return;
    var id = button.getAttribute('data-switch-practice');
    var base = '/api/me/practices/' + encodeURIComponent(id);
    var accept = button.hasAttribute('data-invited') ? api('POST', base + '/accept') : Promise.resolve();
    busy(button, accept.then(function () { return api('POST', base + '/switch'); }))
      .then(function () { window.location.assign('/calendar'); })
      .catch(function (err) { toast((err && err.message) || 'Could not switch practice', 'error'); });
  });
  // The sign-out form posts the CSRF token as a form field.
  document.addEventListener('submit', function (event) {
    var field = event.target.querySelector && event.target.querySelector('[data-csrf-field]');
    if (field) field.value = csrfToken();
  }, true);

  window.planner = {
    api: api, ApiError: ApiError, showErrors: showErrors, clearErrors: clearErrors, toast: toast, busy: busy,
    escapeHtml: escapeHtml, pageData: pageData, csrfToken: csrfToken, linesOf: linesOf,
  };
})();
