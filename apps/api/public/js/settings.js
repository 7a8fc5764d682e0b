// Practice settings: save the profile, invite people, change roles, deactivate and reactivate, issue reset links,
// and change your own password.
(function () {
  'use strict';
  var p = window.planner;

  var practiceForm = document.querySelector('[data-practice-form]');
  // A new time zone: say what happens to the planned posts and let the admin choose (wall times or instants).
  var zoneChange = practiceForm && practiceForm.querySelector('[data-zone-change]');
  var savedZone = practiceForm && practiceForm.elements.timezone ? practiceForm.elements.timezone.value : null;
  var zonePosts = 0;
  if (zoneChange) {
    practiceForm.elements.timezone.addEventListener('change', function () {
      var zone = practiceForm.elements.timezone.value;
      zoneChange.hidden = true;
      zonePosts = 0;
      if (zone === savedZone) return;
      p.api('GET', '/api/practice/timezone-change?timezone=' + encodeURIComponent(zone))
        .then(function (preview) {
          zonePosts = preview.posts.length;
          zoneChange.querySelector('[data-zone-summary]').textContent = preview.summary;
          zoneChange.querySelector('fieldset').hidden = zonePosts === 0;
          zoneChange.hidden = false;
        })
        .catch(function (err) { p.toast(err.message, 'error'); });
    });
  }
  if (practiceForm && practiceForm.querySelector('[type=submit]')) {
    practiceForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var f = practiceForm.elements;
      var url = function (name) { var v = f[name].value.trim(); return v === '' ? null : v; };
      var body = {
        name: f.name.value.trim(),
        timezone: f.timezone.value,
        profile: {
          website: url('website'), portalUrl: url('portalUrl'), bookingUrl: url('bookingUrl'),
          addresses: p.linesOf(f.addresses.value), phones: p.linesOf(f.phones.value), faxes: p.linesOf(f.faxes.value),
          emails: p.linesOf(f.emails.value), staff: p.linesOf(f.staff.value), handles: p.linesOf(f.handles.value),
        },
      };
      if (zonePosts > 0 && f.timezone.value !== savedZone) {
        var choice = practiceForm.querySelector('input[name=scheduledPosts]:checked');
        body.scheduledPosts = choice ? choice.value : 'keep_wall_times';
      }
      var status = practiceForm.querySelector('[data-save-status]');
      status.textContent = '';
      p.clearErrors(practiceForm);
      p.busy(practiceForm.querySelector('[type=submit]'), p.api('PATCH', '/api/practice', body))
        .then(function (saved) {
          status.textContent = 'Saved just now';
          p.toast('Practice profile saved');
          var name = document.querySelector('[data-testid=practice-name]');
          if (name) name.textContent = saved.name;
          document.body.setAttribute('data-timezone', saved.timezone);
          savedZone = saved.timezone;
          zonePosts = 0;
          if (zoneChange) zoneChange.hidden = true;
        })
        .catch(function (err) { p.showErrors(practiceForm, err, fieldNames(err)); });
    });
  }

  /** Validation errors on list items come back as profile.emails.1; show them on the list's field. */
  function fieldNames(err) {
    var map = {};
    Object.keys((err && err.fields) || {}).forEach(function (key) {
      var m = /^(profile\.\w+)\.\d+$/.exec(key);
      if (m) map[key] = m[1];
    });
    return map;
  }

  var inviteForm = document.querySelector('[data-invite-form]');
  if (inviteForm) {
    var result = inviteForm.querySelector('[data-invite-result]');
    inviteForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var roles = Array.prototype.map.call(inviteForm.querySelectorAll('[name=roles]:checked'), function (c) { return c.value; });
      var body = { name: inviteForm.elements.name.value.trim(), email: inviteForm.elements.email.value.trim(), roles: roles };
      result.hidden = true;
      p.clearErrors(inviteForm);
      if (!roles.length) {
        p.showErrors(inviteForm, new p.ApiError(400, { message: ['Choose at least one role'], fields: { roles: ['Choose at least one role'] } }));
        return;
      }
      p.busy(inviteForm.querySelector('[type=submit]'), p.api('POST', '/api/users', body))
        .then(function (created) {
          inviteForm.querySelector('[data-invite-result-title]').textContent = 'Invitation created for ' + created.name;
          inviteForm.querySelector('[data-invite-link]').value = created.inviteUrl || '';
          result.hidden = false;
          inviteForm.elements.name.value = '';
          inviteForm.elements.email.value = '';
          document.body.dispatchEvent(new CustomEvent('people-changed'));
        })
        .catch(function (err) { p.showErrors(inviteForm, err); });
    });
    inviteForm.querySelector('[data-copy-invite]').addEventListener('click', function () {
      var input = inviteForm.querySelector('[data-invite-link]');
      input.select();
      var copied = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(input.value) : Promise.reject(new Error('no clipboard'));
      copied.then(function () { p.toast('Invitation link copied'); }, function () {
        // Without the clipboard API (plain http), the link stays selected for Ctrl+C.
        try { document.execCommand('copy'); p.toast('Invitation link copied'); } catch (e) { p.toast('Press Ctrl+C to copy the selected link'); }
      });
    });
  }

  function rowOf(el) { return el.closest('[data-user-row]'); }

  document.addEventListener('change', function (event) {
    var box = event.target.closest && event.target.closest('[data-role-toggle]');
    if (!box) return;
    var row = rowOf(box);
    var roles = Array.prototype.map.call(row.querySelectorAll('[data-role-toggle]:checked'), function (c) { return c.value; });
    if (!roles.length) {
      box.checked = true;
      p.toast('Everyone needs at least one role. To remove someone, deactivate them instead.', 'error');
      return;
    }
    p.api('PATCH', '/api/users/' + row.getAttribute('data-user-id'), { roles: roles })
      .then(function () { p.toast('Roles updated for ' + row.getAttribute('data-user-email')); })
      .catch(function (err) { box.checked = !box.checked; p.toast(err.message, 'error'); });
  });

  var passwordForm = document.querySelector('[data-password-form]');
  if (passwordForm) {
    passwordForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var f = passwordForm.elements;
      p.clearErrors(passwordForm);
      if (f.newPassword.value !== f.confirm.value) {
        p.showErrors(passwordForm, new p.ApiError(400, { message: ['The two passwords do not match'], fields: { confirm: ['The two passwords do not match'] } }));
        return;
      }
      p.busy(passwordForm.querySelector('[type=submit]'), p.api('POST', '/api/auth/password', { currentPassword: f.currentPassword.value, newPassword: f.newPassword.value }))
        .then(function () {
          passwordForm.reset();
          p.toast('Password changed. You were signed out everywhere else.');
        })
        .catch(function (err) { p.showErrors(passwordForm, err); });
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-reset-link]');
    if (!button) return;
    var row = rowOf(button);
    p.busy(button, p.api('POST', '/api/users/' + row.getAttribute('data-user-id') + '/password-reset'))
      // Shown once, like an invitation link: the admin passes it on; using it signs the person out everywhere.
      .then(function (issued) { window.prompt('Password reset link for ' + row.getAttribute('data-user-email') + ' (shown once, works for 24 hours):', issued.resetUrl); })
      .catch(function (err) { p.toast(err.message, 'error'); });
  });

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-set-active]');
    if (!button) return;
    var row = rowOf(button);
    var activate = button.getAttribute('data-set-active') === 'true';
    var email = row.getAttribute('data-user-email');
    if (!activate && !window.confirm('Deactivate ' + email + '? They are signed out at once and cannot sign in until reactivated.')) return;
    p.busy(button, p.api('PATCH', '/api/users/' + row.getAttribute('data-user-id'), { active: activate }))
      .then(function () {
        p.toast((activate ? 'Reactivated ' : 'Deactivated ') + email);
        document.body.dispatchEvent(new CustomEvent('people-changed'));
      })
      .catch(function (err) { p.toast(err.message, 'error'); });
  });
})();
