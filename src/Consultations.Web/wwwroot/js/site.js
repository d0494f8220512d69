// Small, dependency-free behaviours. Loaded from this site only (CSP script-src 'self').
(function () {
  'use strict';

  // ----- One time format (the server's LocalTime.Format says the same): "10:42 (UTC+8)" today, else "7 Dec 2026, 10:42 (UTC+8)". -----
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  // A true minus sign, as on the server: screen readers say "minus", not "dash".
  function offsetLabel(minutes) {
    if (!minutes) {
      return '(UTC)';
    }
    var size = Math.abs(minutes);
    return '(UTC' + (minutes < 0 ? '\u2212' : '+') + Math.floor(size / 60) + (size % 60 ? ':' + pad(size % 60) : '') + ')';
  }

  function formatTime(value, now) {
    var at = value ? new Date(value) : new Date();
    now = now ? new Date(now) : new Date();
    var clock = pad(at.getHours()) + ':' + pad(at.getMinutes()) + ' ' + offsetLabel(-at.getTimezoneOffset());
    var today = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
    return today ? clock : at.getDate() + ' ' + MONTHS[at.getMonth()] + ' ' + at.getFullYear() + ', ' + clock;
  }

  window.consultations = window.consultations || {};
  window.consultations.formatTime = formatTime;

  // The server shows times in the zone this cookie names (validated there; UTC without it). Not HttpOnly: only this script sets it.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var current = (document.cookie.match(/(?:^|;\s*)tz=([^;]*)/) || [])[1];
    if (zone && /^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone) && current !== zone) {
      document.cookie = 'tz=' + zone + '; path=/; max-age=31536000; SameSite=Lax' + (window.location.protocol === 'https:' ? '; Secure' : '');
    }
  } catch (e) { /* No Intl: times stay in UTC, labelled so. */ }

  // A progress page follows its background work in place; reloading it every second would restart a screen reader
  // each time (WCAG F41). Without script the layout's <noscript> refresh does the following instead.
  var followSeconds = Number(document.body.getAttribute('data-follow-seconds'));
  if (followSeconds > 0 && window.fetch && window.DOMParser) {
    var followLater = function (seconds) { window.setTimeout(follow, seconds * 1000); };
    var follow = function () {
      window.fetch(window.location.href, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' })
        .then(function (response) {
          // Done, failed or gone: the browser loads the page that says so (following a redirect itself keeps its message).
          if (response.type === 'opaqueredirect' || !response.ok) {
            window.location.reload();
            return null;
          }
          return response.text();
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          var next = new DOMParser().parseFromString(html, 'text/html');
          if (!next.body || !(Number(next.body.getAttribute('data-follow-seconds')) > 0)) {
            window.location.reload();
            return;
          }
          // Only the parts that changed, in the same elements: the live region announces them and focus stays where it was.
          Array.prototype.forEach.call(document.querySelectorAll('[data-follow-part]'), function (here) {
            var there = next.querySelector('[data-follow-part="' + here.getAttribute('data-follow-part') + '"]');
            if (!there) {
              return;
            }
            if (here instanceof HTMLProgressElement) {
              here.value = there.value;
            }
            if (here.textContent !== there.textContent) {
              here.textContent = there.textContent;
            }
          });
          followLater(followSeconds);
        })
        .catch(function () { followLater(followSeconds * 2); });
    };
    followLater(followSeconds);
  }

  // Ctrl+Enter (or Cmd+Enter) in a note saves it: facilitators type notes live and should not need the mouse.
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    if (target instanceof HTMLTextAreaElement && target.dataset.submitOnCtrlEnter === 'true' && target.form) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });

  // After adding a note, put the cursor back in the note box so the next one can be typed at once.
  // Deferred until after load: Chromium clears focus when it scrolls to the #note- fragment.
  var noteBox = document.querySelector('[data-testid="add-note-form"] textarea');
  if (noteBox && (window.location.hash.indexOf('#note-') === 0 || document.querySelector('.validation-summary li'))) {
    window.addEventListener('load', function () {
      window.setTimeout(function () { noteBox.focus({ preventScroll: true }); }, 0);
    });
  }

  // Live attribution guard: as a facilitator types, names, organisations, contact details and small-group labels
  // that could identify a speaker are highlighted, each with a one-click neutral replacement.
  var tokenInput = document.querySelector('input[name="__RequestVerificationToken"]');
  Array.prototype.forEach.call(document.querySelectorAll('textarea[data-guard-url]'), function (box) {
    var panel = document.getElementById(box.dataset.guardPanel);
    if (!panel || !box.dataset.guardUrl || !tokenInput) {
      return;
    }
    var timer = null;
    var sequence = 0;

    function check() {
      var text = box.value;
      var mine = ++sequence;
      if (!text.trim()) {
        render(text, null);
        renderThemes(null);
        return;
      }
      var body = new FormData();
      body.append('Text', text);
      fetch(box.dataset.guardUrl, {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        headers: { 'X-CSRF-TOKEN': tokenInput.value }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (result) {
        // Only the answer for the text still in the box is shown.
        if (mine === sequence && box.value === text) {
          render(text, result);
          renderThemes(result);
        }
      }).catch(function () { /* The guard helps; saving never depends on it. */ });
    }

    function replace(finding) {
      var text = box.value;
      var start = text.substr(finding.start, finding.length) === finding.text ? finding.start : text.indexOf(finding.text);
      if (start < 0) {
        check();
        return;
      }
      box.value = text.slice(0, start) + finding.suggestion + text.slice(start + finding.length);
      box.focus();
      box.setSelectionRange(start + finding.suggestion.length, start + finding.suggestion.length);
      box.dispatchEvent(new Event('input', { bubbles: true }));
      check();
    }

    function render(text, result) {
      panel.textContent = '';
      if (!result || result.findings.length === 0) {
        panel.hidden = true;
        return;
      }
      panel.hidden = false;
      var blocking = result.findings.filter(function (f) { return f.severity === 'block'; }).length;
      var heading = document.createElement('p');
      heading.className = 'guard-heading';
      heading.textContent = result.findings.length + (result.findings.length === 1 ? ' possible identifier' : ' possible identifiers') +
        (result.blocksPublication ? ': this note cannot be published until it is fixed or overridden.' : blocking > 0 ? '.' : ' (check before publishing).');
      panel.appendChild(heading);

      var preview = document.createElement('p');
      preview.className = 'guard-preview';
      preview.dataset.testid = 'guard-preview';
      var at = 0;
      result.findings.forEach(function (finding) {
        preview.appendChild(document.createTextNode(text.slice(at, finding.start)));
        var mark = document.createElement('mark');
        mark.className = 'guard-mark guard-' + finding.severity;
        mark.textContent = text.substr(finding.start, finding.length);
        mark.title = finding.label;
        preview.appendChild(mark);
        at = finding.start + finding.length;
      });
      preview.appendChild(document.createTextNode(text.slice(at)));
      panel.appendChild(preview);

      var list = document.createElement('ul');
      list.className = 'guard-findings list-unstyled';
      result.findings.forEach(function (finding) {
        var item = document.createElement('li');
        var what = document.createElement('span');
        what.textContent = '“' + finding.text + '” looks like ' + finding.label + (finding.severity === 'block' ? '' : ' (check)') + '. ';
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn btn-sm btn-outline-secondary';
        button.dataset.testid = 'guard-replace';
        button.textContent = 'Replace with “' + finding.suggestion + '”';
        button.addEventListener('click', function () { replace(finding); });
        item.appendChild(what);
        item.appendChild(button);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }

    // Theme suggestions: offered as chips; a click (or Alt+1…3 in the note box) ticks the theme, × dismisses it.
    // Nothing is ticked without the user: suggestions only ever suggest.
    var chips = document.getElementById(box.dataset.themeSuggestions);
    var dismissed = {};
    var offered = [];

    function themeBox(theme) {
      return box.form ? box.form.querySelector('input[type="checkbox"][name$=".Themes"][value="' + theme + '"]') : null;
    }

    function accept(theme) {
      var checkbox = themeBox(theme);
      if (checkbox && !checkbox.checked) {
        checkbox.checked = true;
        checkbox.dispatchEvent(new Event('change', { bubbles: true }));
      }
      renderThemes({ themes: offered, engine: engine });
    }

    var engine = '';

    function renderThemes(result) {
      if (!chips) {
        return;
      }
      offered = (result && result.themes) || [];
      engine = (result && result.engine) || engine;
      var open = offered.filter(function (t) {
        var checkbox = themeBox(t.theme);
        return !dismissed[t.theme] && checkbox && !checkbox.checked;
      });
      chips.textContent = '';
      chips.hidden = open.length === 0;
      if (open.length === 0) {
        return;
      }
      var label = document.createElement('span');
      label.className = 'small text-body-secondary me-2';
      label.textContent = 'Suggested' + (result && result.engine ? ' (' + result.engine + ')' : '') + ':';
      chips.appendChild(label);
      open.forEach(function (t, index) {
        var chip = document.createElement('span');
        chip.className = 'theme-chip';
        var yes = document.createElement('button');
        yes.type = 'button';
        yes.className = 'btn btn-sm btn-outline-primary';
        yes.dataset.testid = 'accept-theme';
        yes.dataset.theme = t.theme;
        yes.title = 'Tick this theme (Alt+' + (index + 1) + ')' + (t.evidence.length ? ' — because of: ' + t.evidence.join(', ') : '');
        yes.textContent = t.label + ' · ' + Math.round(t.score * 100) + '%';
        yes.addEventListener('click', function () { accept(t.theme); });
        var no = document.createElement('button');
        no.type = 'button';
        no.className = 'btn btn-sm btn-link text-body-secondary';
        no.dataset.testid = 'dismiss-theme';
        no.setAttribute('aria-label', 'Dismiss the suggestion ' + t.label);
        no.textContent = '×';
        no.addEventListener('click', function () { dismissed[t.theme] = true; renderThemes({ themes: offered, engine: engine }); });
        chip.appendChild(yes);
        chip.appendChild(no);
        chips.appendChild(chip);
      });
    }

    box.addEventListener('keydown', function (event) {
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.key >= '1' && event.key <= '3') {
        var open = offered.filter(function (t) { var c = themeBox(t.theme); return !dismissed[t.theme] && c && !c.checked; });
        var chosen = open[Number(event.key) - 1];
        if (chosen) {
          event.preventDefault();
          accept(chosen.theme);
        }
      }
    });

    box.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 400);
    });
    if (box.value.trim()) {
      check();
    }
  });
})();
