// Live capture: autosave to the server, Ctrl+Enter adds the note, conflicts are merged, nothing is lost offline.
// Note text never goes to localStorage, sessionStorage or IndexedDB: it is sensitive, and the server keeps the draft.
(function () {
  'use strict';

  var root = document.querySelector('[data-capture]');
  var form = document.getElementById('capture-form');
  if (!root || !form) {
    return;
  }

  var SAVE_DELAY = 1200;
  var MAX_RETRY_DELAY = 30000;
  var POLL_INTERVAL = 20000;
  var base = root.dataset.captureUrl;
  var token = form.querySelector('input[name="__RequestVerificationToken"]').value;
  var box = form.querySelector('textarea[name="Input.Text"]');
  var noteIdField = form.querySelector('input[name="NoteId"]');
  var etagField = form.querySelector('input[name="DraftETag"]');
  var statusLine = document.getElementById('capture-status');
  var announcer = document.querySelector('[data-testid="capture-announcer"]');
  var conflictSlot = document.querySelector('.capture-conflict-slot');
  var notesRegion = document.getElementById('capture-notes');
  var lastAnnounced = '';

  function announce(message) {
    // Only real changes are announced: "saving…" on every pause would drown a screen reader user's typing.
    if (message && message !== lastAnnounced) {
      lastAnnounced = message;
      announcer.textContent = message;
    }
  }

  // The site's one time format (site.js), the same as the server-rendered times on this page.
  function clock(iso) {
    return window.consultations.formatTime(iso);
  }

  // Every request carries the antiforgery token and asks for JSON. A redirect or an HTML answer means the sign-in
  // expired (the cookie went while the plenary ran): treated like a dropped network, retried, text kept.
  function send(handler, body) {
    return fetch(base + '?handler=' + handler, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'X-CSRF-TOKEN': token }
    }).then(function (response) {
      var json = (response.headers.get('Content-Type') || '').indexOf('application/json') >= 0;
      if (response.redirected || !json) {
        return { status: 0, signedOut: response.redirected || response.status === 200, body: {} };
      }
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }, function () {
      return { status: 0, body: {} };
    });
  }

  function retryDelay(attempt) {
    return Math.min(MAX_RETRY_DELAY, 1000 * Math.pow(2, Math.max(0, attempt - 1)));
  }

  // One autosaver per text box: the note box and each note being edited in the list.
  // options: snapshot() → string, request() → Promise of a send() result, saved(body), conflict(body), show(state, text).
  function Autosaver(options) {
    var savedKey = options.snapshot();
    var timer = null;
    var inflight = null;
    var attempt = 0;
    var paused = false;
    var self = {};

    function schedule(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, delay);
    }

    function run() {
      window.clearTimeout(timer);
      if (paused) {
        return Promise.resolve(false);
      }
      if (inflight) {
        return inflight.then(run);
      }
      if (!self.dirty()) {
        options.show('saved');
        return Promise.resolve(true);
      }
      var key = options.snapshot();
      options.show('saving');
      inflight = options.request().then(function (result) {
        inflight = null;
        if (result.status === 200) {
          attempt = 0;
          savedKey = key;
          options.saved(result.body);
          if (self.dirty()) {
            options.show('dirty');
            schedule(SAVE_DELAY);
            return false;
          }
          options.show('saved', result.body);
          return true;
        }
        if (result.status === 409 && result.body.state === 'conflict') {
          paused = true;
          options.conflict(result.body);
          options.show('conflict');
          return false;
        }
        if (result.status === 400 || result.status === 409 || result.status === 410 || result.status === 403 || result.status === 404) {
          // Refused for a reason the user can act on; the text stays and the next keystroke tries again.
          options.show('error', result.body.error || 'This could not be saved.');
          return false;
        }
        attempt++;
        var delay = retryDelay(attempt);
        options.show(result.signedOut ? 'signed-out' : 'offline', Math.round(delay / 1000));
        schedule(delay);
        return false;
      });
      return inflight;
    }

    self.dirty = function () { return options.snapshot() !== savedKey; };
    self.changed = function () {
      if (paused) {
        return;
      }
      if (self.dirty()) {
        options.show('dirty');
        schedule(SAVE_DELAY);
      } else if (!inflight) {
        options.show('saved');
      }
    };
    self.flush = run;
    self.retryNow = function () { if (self.dirty() && !paused) { attempt = 0; schedule(0); } };
    self.busy = function () { return !!inflight; };
    self.stop = function () { paused = true; window.clearTimeout(timer); };
    // After a merge: the other side's version is the base, and what is in the box now is what to save.
    self.resume = function (markSaved) {
      paused = false;
      if (markSaved) {
        savedKey = options.snapshot();
        options.show('saved');
      } else {
        savedKey = null;
        schedule(0);
      }
    };
    window.addEventListener('online', self.retryNow);
    return self;
  }

  // Shows both texts and lets the user keep theirs, take the other, or put both together to edit.
  function showConflict(slot, mine, conflict, resolve) {
    slot.textContent = '';
    var panel = document.createElement('div');
    panel.className = 'alert alert-warning capture-conflict';
    panel.setAttribute('role', 'alert');
    panel.dataset.testid = 'conflict';
    var message = document.createElement('p');
    message.textContent = conflict.message;
    panel.appendChild(message);
    var columns = document.createElement('div');
    columns.className = 'row g-2';
    [['Your text', mine, 'conflict-mine'], ['Saved by ' + conflict.theirAuthor + ' at ' + clock(conflict.theirSavedAt), conflict.theirText, 'conflict-theirs']].forEach(function (side) {
      var column = document.createElement('div');
      column.className = 'col-md-6';
      var heading = document.createElement('h3');
      heading.className = 'h6';
      heading.textContent = side[0];
      var text = document.createElement('div');
      text.className = 'conflict-text';
      text.dataset.testid = side[2];
      text.textContent = side[1];
      column.appendChild(heading);
      column.appendChild(text);
      columns.appendChild(column);
    });
    panel.appendChild(columns);
    var actions = document.createElement('div');
    actions.className = 'd-flex flex-wrap gap-2 mt-2';
    [['Keep mine', 'mine'], ['Take theirs', 'theirs'], ['Put both together to edit', 'both']].forEach(function (choice) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn btn-sm ' + (choice[1] === 'both' ? 'btn-primary' : 'btn-outline-dark');
      button.dataset.resolve = choice[1];
      button.textContent = choice[0];
      button.addEventListener('click', function () {
        slot.textContent = '';
        resolve(choice[1]);
      });
      actions.appendChild(button);
    });
    panel.appendChild(actions);
    slot.appendChild(panel);
    actions.querySelector('button').focus();
  }

  function merge(choice, textarea, mine, conflict) {
    if (choice === 'theirs') {
      textarea.value = conflict.theirText;
    } else if (choice === 'both') {
      textarea.value = mine.replace(/\s+$/, '') + '\n\n' + conflict.theirText;
    }
    textarea.focus();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    return choice === 'theirs';
  }

  // ----- The note box -----

  var STATES = {
    idle: 'Your text is saved to the server as you type.',
    dirty: 'Unsaved changes…',
    saving: 'Saving…',
    adding: 'Adding the note…',
    conflict: 'Changed in another window: choose what to keep below.'
  };

  function showBox(state, detail) {
    statusLine.dataset.state = state;
    var text = STATES[state] || '';
    if (state === 'saved') {
      text = box.value.trim() ? 'Saved ' + clock(detail && detail.savedAt) + '.' : STATES.idle;
      if (lastAnnounced && lastAnnounced !== 'Saved.') {
        announce('Saved.');
      }
    } else if (state === 'offline') {
      text = 'Offline — your text is kept on this page; retrying in ' + detail + ' s.';
      announce('Offline. Your text is kept on this page and will be saved when the connection returns.');
    } else if (state === 'signed-out') {
      text = 'Your sign-in has expired — sign in again in another tab; your text is kept here. Retrying in ' + detail + ' s.';
      announce('Your sign-in has expired. Your text is kept on this page.');
    } else if (state === 'error') {
      text = 'Not saved: ' + detail;
      announce(text);
    } else if (state === 'conflict') {
      announce('This note was changed in another window. Choose what to keep.');
    }
    statusLine.textContent = text;
  }

  function fields() {
    var data = new FormData(form);
    data.delete('NoteId');
    data.delete('DraftETag');
    data.delete('__RequestVerificationToken');
    return data;
  }

  function snapshotBox() {
    var parts = [];
    fields().forEach(function (value, key) { parts.push(key + '=' + value); });
    return parts.join('\u0000');
  }

  var conflictMine = '';
  var boxSaver = Autosaver({
    snapshot: snapshotBox,
    request: function () { return send('Draft', new FormData(form)); },
    saved: function (body) {
      etagField.value = body.eTag;
      noteIdField.value = body.noteId;
    },
    conflict: function (body) {
      conflictMine = box.value;
      showConflict(conflictSlot, conflictMine, body, function (choice) {
        etagField.value = body.theirETag;
        boxSaver.resume(merge(choice, box, conflictMine, body));
      });
    },
    show: showBox
  });

  form.addEventListener('input', boxSaver.changed);
  form.addEventListener('change', boxSaver.changed);

  // Ctrl+Enter (site.js submits the form) or the button: add the note, then an empty box for the next one.
  var adding = false;
  var addAttempt = 0;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (adding) {
      return;
    }
    if (!box.value.trim()) {
      showBox('error', 'write the note before adding it.');
      box.focus();
      return;
    }
    adding = true;
    box.readOnly = true;
    boxSaver.stop();
    showBox('adding');
    add();
  });

  function add() {
    send('Add', new FormData(form)).then(function (result) {
      if (result.status === 200) {
        addAttempt = 0;
        adding = false;
        box.readOnly = false;
        resetBox(result.body.nextNoteId);
        statusLine.dataset.state = 'added';
        statusLine.textContent = result.body.message;
        statusLine.classList.toggle('text-warning-emphasis', !!result.body.warning);
        announce(result.body.message);
        refreshNotes();
        box.focus();
        return;
      }
      if (result.status === 400 || result.status === 409 || result.status === 403 || result.status === 404) {
        adding = false;
        box.readOnly = false;
        boxSaver.resume(false);
        showBox('error', result.body.error || 'the note could not be added.');
        box.focus();
        return;
      }
      // Same note id on every try: a retry after a lost answer cannot add the note twice.
      addAttempt++;
      var delay = retryDelay(addAttempt);
      statusLine.dataset.state = 'offline';
      statusLine.textContent = 'Offline — the note will be added when the connection returns (retrying in ' + Math.round(delay / 1000) + ' s). Keep this page open.';
      announce('Offline. The note will be added when the connection returns.');
      addTimer = window.setTimeout(add, delay);
    });
  }

  var addTimer = null;
  window.addEventListener('online', function () {
    if (adding) {
      window.clearTimeout(addTimer);
      add();
    }
  });

  function resetBox(nextNoteId) {
    var defaults = (root.dataset.sessionThemes || '').split(' ').filter(Boolean);
    box.value = '';
    form.querySelectorAll('input[name="Input.Kind"]').forEach(function (radio) { radio.checked = radio.value === 'Finding'; });
    var group = form.querySelector('select[name="Input.StakeholderGroup"]');
    if (group) {
      group.value = '';
    }
    form.querySelectorAll('input[name="Input.Themes"]').forEach(function (c) { c.checked = defaults.indexOf(c.value) >= 0; });
    form.querySelectorAll('input[name="Input.SubThemes"]').forEach(function (c) { c.checked = false; });
    noteIdField.value = nextNoteId;
    etagField.value = '';
    conflictSlot.textContent = '';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    boxSaver.resume(true);
  }

  // ----- Keyboard -----

  // Type-ahead over labels, as in a listbox: a label that starts with the letters typed wins, then one with a word
  // that does ("cert" → "National CERT / CSIRT"); the same letter again moves on among its matches; a pause of a second
  // starts afresh. items: [{ label }]; returns the index to go to, or -1 when nothing matches.
  var TYPE_AHEAD_PAUSE = 1000;

  function TypeAhead() {
    var buffer = '';
    var last = 0;

    function words(label) { return label.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

    function matches(items, query) {
      var prefix = [];
      var word = [];
      items.forEach(function (item, index) {
        var label = item.label.toLowerCase();
        if (label.indexOf(query) === 0) {
          prefix.push(index);
        } else if (words(label).some(function (w) { return w.indexOf(query) === 0; })) {
          word.push(index);
        }
      });
      return prefix.concat(word);
    }

    return {
      buffer: function () { return buffer; },
      reset: function () { buffer = ''; },
      find: function (items, character, current) {
        var now = Date.now();
        buffer = (now - last > TYPE_AHEAD_PAUSE ? '' : buffer) + character.toLowerCase();
        last = now;
        var found = matches(items, buffer);
        var repeated = buffer.split('').every(function (c) { return c === buffer[0]; });
        if (buffer.length > 1 && found.length > 0) {
          return found[0];
        }
        // One letter, or the same letter again: the next match after the current one, round the list.
        found = repeated ? matches(items, buffer[0]) : [];
        return found.length === 0 ? -1 : found[(found.indexOf(current) + 1) % found.length];
      }
    };
  }

  function labelOf(input) {
    return input.labels && input.labels[0] ? input.labels[0].textContent.trim() : input.value;
  }

  function cycle(inputs, label) {
    var list = Array.prototype.slice.call(inputs);
    var index = list.findIndex(function (r) { return r.checked; });
    var next = list[(index + 1) % list.length];
    next.checked = true;
    next.dispatchEvent(new Event('change', { bubbles: true }));
    announce(label + ': ' + labelOf(next));
  }

  function printable(event) {
    return event.key && event.key.length === 1 && !event.altKey && !event.ctrlKey && !event.metaKey;
  }

  // Stakeholder group: Alt+G goes to the list, letters pick by type-ahead ("gov", "civ", "cert"), Esc or Enter returns
  // to the note box. Announced through the live region as well as by the select itself.
  var groupSelect = form.querySelector('select[name="Input.StakeholderGroup"]');
  var groupTyping = TypeAhead();
  if (groupSelect) {
    groupSelect.addEventListener('focus', groupTyping.reset);
    groupSelect.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' || (event.key === 'Enter' && !event.ctrlKey && !event.metaKey)) {
        event.preventDefault();
        box.focus();
        return;
      }
      if (!printable(event) || (event.key === ' ' && !groupTyping.buffer())) {
        return;
      }
      event.preventDefault();
      var items = Array.prototype.map.call(groupSelect.options, function (o) { return { label: o.text }; });
      var index = groupTyping.find(items, event.key, groupSelect.selectedIndex);
      if (index < 0) {
        announce('No stakeholder group matches “' + groupTyping.buffer() + '”.');
        return;
      }
      if (index !== groupSelect.selectedIndex) {
        groupSelect.selectedIndex = index;
        groupSelect.dispatchEvent(new Event('change', { bubbles: true }));
      }
      announce('Stakeholder group: ' + groupSelect.options[index].text);
    });
  }

  // Sub-themes: Alt+S goes to the sub-theme checkboxes (those of the ticked themes first); letters move to a sub-theme
  // by type-ahead, the arrow keys to the next or previous, Space ticks (a real checkbox), Esc or Enter returns to the
  // note box. Ticking a sub-theme ticks its theme too, as the server would.
  var subTyping = TypeAhead();

  function subThemeBoxes() {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="Input.SubThemes"]'));
  }

  function themeOf(subBox) {
    return form.querySelector('input[type="checkbox"][name="Input.Themes"][value="' + subBox.value.split('/')[0] + '"]');
  }

  function isSubTheme(element) {
    return element instanceof HTMLInputElement && element.name === 'Input.SubThemes';
  }

  form.addEventListener('change', function (event) {
    var changed = event.target;
    if (!isSubTheme(changed) || !event.isTrusted) {
      return;
    }
    var theme = themeOf(changed);
    var withTheme = '';
    if (changed.checked && theme && !theme.checked) {
      theme.checked = true;
      theme.dispatchEvent(new Event('change', { bubbles: true }));
      withTheme = ', and its theme ' + labelOf(theme);
    }
    announce('Sub-theme ' + labelOf(changed) + (changed.checked ? ' ticked' : ' unticked') + withTheme + '.');
  });

  form.addEventListener('keydown', function (event) {
    var target = event.target;
    if (!isSubTheme(target)) {
      return;
    }
    var boxes = subThemeBoxes();
    var current = boxes.indexOf(target);
    if (event.key === 'Escape' || (event.key === 'Enter' && !event.ctrlKey && !event.metaKey)) {
      event.preventDefault();
      box.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowRight' || event.key === 'ArrowUp' || event.key === 'ArrowLeft') {
      event.preventDefault();
      var step = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : -1;
      boxes[(current + step + boxes.length) % boxes.length].focus();
    } else if (event.key === ' ') {
      subTyping.reset(); // Space is the checkbox's own: it ticks, never types.
    } else if (printable(event)) {
      event.preventDefault();
      var index = subTyping.find(boxes.map(function (b) { return { label: labelOf(b) }; }), event.key, current);
      if (index < 0) {
        announce('No sub-theme matches “' + subTyping.buffer() + '”.');
      } else {
        boxes[index].focus();
      }
    }
  });

  form.addEventListener('keydown', function (event) {
    var key = (event.key || '').toLowerCase();
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (key === 'k' || event.code === 'KeyK') {
        event.preventDefault();
        cycle(form.querySelectorAll('input[name="Input.Kind"]'), 'Kind');
      } else if ((key === 'g' || event.code === 'KeyG') && groupSelect) {
        event.preventDefault();
        groupSelect.focus();
        announce('Stakeholder group: ' + groupSelect.options[groupSelect.selectedIndex].text + '. Type its first letters; Escape returns to the note.');
      } else if (key === 's' || event.code === 'KeyS') {
        var boxes = subThemeBoxes();
        var first = boxes.find(function (b) { var t = themeOf(b); return t && t.checked; }) || boxes[0];
        if (first) {
          event.preventDefault();
          subTyping.reset();
          first.focus();
          announce('Sub-themes. Type a sub-theme\'s first letters or use the arrow keys, Space ticks, Escape returns to the note.');
        }
      }
    }
    // In the kind list, 1–4 pick a kind directly.
    if (event.target.name === 'Input.Kind' && /^[1-9]$/.test(event.key) && !event.altKey && !event.ctrlKey) {
      var radios = form.querySelectorAll('input[name="Input.Kind"]');
      var chosen = radios[Number(event.key) - 1];
      if (chosen) {
        event.preventDefault();
        chosen.checked = true;
        chosen.focus();
        chosen.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
  });

  document.addEventListener('keydown', function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.code === 'KeyL') {
      var first = notesRegion.querySelector('[data-edit-note], a, textarea');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.code === 'KeyN') {
      event.preventDefault();
      box.focus();
    }
  });

  // ----- The running list: edit in place -----

  var editors = 0;

  function openEditor(item) {
    var textParagraph = item.querySelector('.note-text');
    var button = item.querySelector('[data-edit-note]');
    var noteId = item.dataset.noteId;
    var etag = item.dataset.etag;
    editors++;
    var editor = document.createElement('div');
    editor.className = 'capture-editor';
    var label = document.createElement('label');
    label.className = 'form-label small';
    label.htmlFor = 'edit-' + noteId;
    label.textContent = 'Text of this note (saved as you type; Esc closes)';
    var area = document.createElement('textarea');
    area.id = 'edit-' + noteId;
    area.className = 'form-control';
    area.rows = 4;
    area.maxLength = box.maxLength;
    area.value = textParagraph.textContent;
    area.dataset.testid = 'edit-in-place-text';
    var bar = document.createElement('div');
    bar.className = 'd-flex flex-wrap gap-2 align-items-center mt-1';
    var done = document.createElement('button');
    done.type = 'button';
    done.className = 'btn btn-sm btn-primary';
    done.textContent = 'Done';
    var state = document.createElement('span');
    state.className = 'small capture-status';
    state.dataset.testid = 'edit-in-place-status';
    state.setAttribute('role', 'status');
    var slot = document.createElement('div');
    bar.appendChild(done);
    bar.appendChild(state);
    editor.appendChild(label);
    editor.appendChild(area);
    editor.appendChild(bar);
    editor.appendChild(slot);
    textParagraph.hidden = true;
    button.hidden = true;
    textParagraph.after(editor);
    area.focus();

    var mine = '';
    var saver = Autosaver({
      snapshot: function () { return area.value; },
      request: function () {
        var data = new FormData();
        data.append('editNoteId', noteId);
        data.append('editETag', etag);
        data.append('editText', area.value);
        data.append('__RequestVerificationToken', token);
        return send('Note', data);
      },
      saved: function (body) { etag = body.eTag; item.dataset.etag = etag; },
      conflict: function (body) {
        mine = area.value;
        showConflict(slot, mine, body, function (choice) {
          etag = body.theirETag;
          saver.resume(merge(choice, area, mine, body));
        });
      },
      show: function (s, detail) {
        state.dataset.state = s;
        state.textContent = s === 'saved' ? 'Saved.' : s === 'saving' ? 'Saving…' : s === 'dirty' ? 'Unsaved changes…'
          : s === 'offline' ? 'Offline — retrying in ' + detail + ' s.' : s === 'signed-out' ? 'Signed out — sign in again in another tab.'
          : s === 'conflict' ? 'Changed by someone else: choose below.' : s === 'error' ? 'Not saved: ' + detail : '';
      }
    });
    area.addEventListener('input', saver.changed);
    item.saver = saver;

    function close() {
      saver.flush().then(function (saved) {
        if (!saved) {
          area.focus();
          return;
        }
        textParagraph.textContent = area.value.trim();
        editor.remove();
        textParagraph.hidden = false;
        button.hidden = false;
        item.saver = null;
        editors--;
        button.focus();
      });
    }

    done.addEventListener('click', close);
    area.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
  }

  notesRegion.addEventListener('click', function (event) {
    var button = event.target.closest('[data-edit-note]');
    if (button) {
      openEditor(button.closest('[data-note-id]'));
    }
  });

  // Newly added notes, and the other facilitators', without disturbing a note being edited.
  function refreshNotes() {
    // Never pull the list from under a keyboard user or an open editor: focus would be lost.
    if (editors > 0 || notesRegion.contains(document.activeElement)) {
      return;
    }
    fetch(base + '?handler=Notes', { credentials: 'same-origin', headers: { 'Accept': 'text/html' } }).then(function (response) {
      return response.ok && !response.redirected ? response.text() : null;
    }).then(function (html) {
      if (html !== null && editors === 0) {
        notesRegion.innerHTML = html;
      }
    }, function () { /* The list catches up on the next refresh. */ });
  }

  window.setInterval(function () {
    if (document.visibilityState === 'visible') {
      refreshNotes();
    }
  }, POLL_INTERVAL);

  // Leaving with text the server does not have yet asks first.
  window.addEventListener('beforeunload', function (event) {
    var unsaved = adding || (boxSaver.dirty() && box.value.trim()) || boxSaver.busy()
      || Array.prototype.some.call(notesRegion.querySelectorAll('[data-note-id]'), function (item) { return item.saver && item.saver.dirty(); });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  box.focus();
  if (box.value) {
    box.setSelectionRange(box.value.length, box.value.length);
  }
  // Marks the page interactive (handlers bound, box focused): what the load benchmark times from the request.
  root.dataset.ready = 'true';
})();
