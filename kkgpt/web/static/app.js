/* KK-GPT chat page: streaming answers over fetch, the composer, drafts, copy, stop and retry.
   Every piece of HTML inserted here was rendered and sanitised by the server; text from the
   network or the employee is only ever set with textContent. */
"use strict";

(() => {
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // Server fragments inserted by this script carry hx-* attributes too; htmx must see them.
  function activate(element) {
    if (window.htmx) window.htmx.process(element);
    return element;
  }

  async function* readEvents(response) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trimStart();
        }
        yield { event, data: data ? JSON.parse(data) : null };
      }
    }
  }

  // Copies Markdown (text/plain) together with the rendered answer (text/html, for Word and mail): one
  // clipboard write with both types, or a copy event that sets both where ClipboardItem is missing.
  async function copyRich(text, html) {
    if (navigator.clipboard && window.isSecureContext && window.ClipboardItem) {
      const item = new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([html], { type: "text/html" }),
      });
      await navigator.clipboard.write([item]);
      return;
    }
    const fill = (event) => {
      event.clipboardData.setData("text/plain", text);
      event.clipboardData.setData("text/html", html);
      event.preventDefault();
    };
    document.addEventListener("copy", fill, { once: true });
    document.execCommand("copy");
    document.removeEventListener("copy", fill);
  }

  // The answer as HTML without what the page added to it: code-block bars (language, "Kopiér kode").
  function answerHtml(body) {
    const copy = body.cloneNode(true);
    for (const block of $$(".code-block", copy)) block.replaceWith(...$$("pre", block));
    for (const added of $$("button, .code-block__bar", copy)) added.remove();
    for (const scrollable of $$("[tabindex]", copy)) scrollable.removeAttribute("tabindex");
    return copy.innerHTML.trim();
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }

  function flash(button, label) {
    const original = button.getAttribute("aria-label") || button.textContent;
    button.classList.add("is-done");
    button.setAttribute("aria-label", label);
    button.title = label;
    setTimeout(() => {
      button.classList.remove("is-done");
      button.setAttribute("aria-label", original);
      button.title = original;
    }, 1500);
  }

  function enhanceCode(root, label) {
    for (const pre of $$(".markdown pre", root)) {
      if (pre.parentElement.classList.contains("code-block")) continue;
      const wrapper = document.createElement("div");
      wrapper.className = "code-block";
      pre.replaceWith(wrapper);
      const bar = document.createElement("div");
      bar.className = "code-block__bar";
      const language = document.createElement("span");
      const code = $("code", pre);
      const match = code && /language-([\w+-]+)/.exec(code.className);
      language.textContent = match ? match[1] : "";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small code-block__copy js-copy-code";
      button.textContent = label;
      bar.append(language, button);
      wrapper.append(bar, pre);
    }
  }

  function initSidebar() {
    const open = $(".js-sidebar-open");
    const sidebar = $("#sidebar");
    if (!open || !sidebar) return;
    const backdrop = $(".sidebar-backdrop");
    const setOpen = (isOpen) => {
      document.body.classList.toggle("sidebar-open", isOpen);
      open.setAttribute("aria-expanded", String(isOpen));
      if (backdrop) backdrop.hidden = !isOpen;
      if (isOpen) ($(".new-chat", sidebar) || sidebar).focus();
      else open.focus();
    };
    open.addEventListener("click", () => setOpen(true));
    for (const close of $$(".js-sidebar-close")) close.addEventListener("click", () => setOpen(false));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && document.body.classList.contains("sidebar-open")) setOpen(false);
    });
  }

  function initChat() {
    const form = $("#composer");
    if (!form) return;
    const input = $("#composer-input");
    const sendButton = $(".composer__send", form);
    const stopButton = $(".composer__stop", form);
    const errorBox = $("#composer-error");
    const messages = $("#messages");
    const scroller = $("#chat-scroll");
    const status = $("#chat-status");
    const i18n = form.dataset;
    const fileInput = $("#composer-file");
    const attached = $("#composer-documents");
    const uploadStatus = $("#composer-upload-status");
    const scrollButton = $(".js-to-bottom");
    let controller = null;

    const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
    const toBottom = () => { scroller.scrollTop = scroller.scrollHeight; };
    // Drafts live in this tab's sessionStorage under the employee's id: they survive a reload or a model
    // outage, never reach another employee on a shared PC, and go when the tab closes or on logout.
    const drafts = window.sessionStorage;
    const draftKey = () => form.dataset.draftKey;

    function autosize() {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight, window.innerHeight * 0.4) + "px";
    }

    function showError(text) {
      errorBox.textContent = text;
      errorBox.hidden = !text;
    }

    // Long pastes are shown collapsed with "Vis hele", so the answer below them stays in view.
    function collapseLong(root) {
      for (const bubble of $$(".message--user .message__bubble", root)) {
        if (bubble.dataset.collapsible || bubble.scrollHeight <= 320) continue;
        bubble.dataset.collapsible = "1";
        bubble.id = bubble.id || bubble.closest(".message").id + "-text";
        bubble.classList.add("is-collapsed");
        const toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "button button--small message__expand js-expand";
        toggle.setAttribute("aria-expanded", "false");
        toggle.setAttribute("aria-controls", bubble.id);
        toggle.textContent = i18n.i18nShowAll;
        bubble.after(toggle);
      }
    }

    // The page starts a conversation itself when a file is attached before the first message, and the
    // first message's stream does when there is none: either way the page now belongs to that conversation.
    function adoptConversation(data) {
      history.replaceState(null, "", data.url);
      form.action = data.stream_url;
      form.dataset.regenerateUrl = data.regenerate_url;
      form.dataset.uploadUrl = data.upload_url;
      input.setAttribute("hx-post", data.preview_url);
      activate(input);
      drafts.removeItem(draftKey());
      form.dataset.draftKey = form.dataset.draftPrefix + data.id;
      if (input.value) drafts.setItem(draftKey(), input.value);
      const list = $("#conversation-list");
      const empty = $(".conversation-list__empty", list);
      if (empty) empty.remove();
      listUnderToday(list, activate(fragment(data.item_html)), data.group_html);
      const title = $("#chat-title");
      if (title && data.title_html) title.innerHTML = data.title_html;  // rendered by the server
    }

    // A new conversation goes first under "I dag" (after the pinned ones), the heading made if missing.
    function listUnderToday(list, item, groupHtml) {
      let today = $("#conversation-group-today", list);
      if (!today && groupHtml) {
        today = fragment(groupHtml);
        const next = $(".conversation-group:not(#conversation-group-pinned), .conversation-list__more", list);
        if (next) next.before(today);
        else list.append(today);
      }
      if (today) today.after(item);
      else list.prepend(item);
    }

    // After the first answer the model names the conversation: the list entry and the heading follow.
    function retitle(data) {
      const old = document.getElementById("conv-" + data.id);
      if (old && !old.classList.contains("conversation--editing")) old.replaceWith(activate(fragment(data.item_html)));
      const title = $("#chat-title");
      if (title && data.title_html && window.location.pathname === "/c/" + data.id) title.innerHTML = data.title_html;
    }

    async function upload(file) {
      uploadStatus.textContent = i18n.i18nReading.replace("{name}", file.name);
      showError("");
      const body = new FormData();
      body.append("file", file);
      const assistant = $("#composer-assistant");
      if (assistant && assistant.value) body.append("assistant", assistant.value);
      try {
        const response = await fetch(form.dataset.uploadUrl, {
          method: "POST", body, headers: { Accept: "application/json" },
        });
        const data = await response.json().catch(() => null);
        if (!response.ok || !data) {
          if (response.status === 401) window.location.assign("/login");
          showError((data && data.error && data.error.message) || i18n.i18nNetwork);
          return;
        }
        if (data.conversation) adoptConversation(data.conversation);
        attached.append(activate(fragment(data.html)));
      } catch (error) {
        showError(i18n.i18nNetwork);
      } finally {
        uploadStatus.textContent = "";
      }
    }

    async function uploadAll(files) {
      for (const file of Array.from(files)) await upload(file);  // one at a time: the first may start the conversation
    }

    // Focus goes back to the composer unless the employee has moved it elsewhere themselves: after send
    // (the send button hides), stop, an error, or a "Nyt svar" button that was replaced.
    function refocus() {
      const active = document.activeElement;
      if (!active || active === document.body || form.contains(active) || !active.isConnected) input.focus();
    }

    function setBusy(busy) {
      const hadFocus = form.contains(document.activeElement);
      sendButton.hidden = busy;
      stopButton.hidden = !busy;
      form.classList.toggle("is-busy", busy);
      // One answer at a time: no "Nyt svar", retry or edit while an answer is on its way.
      for (const button of $$(".js-regenerate, .js-edit", messages)) button.disabled = busy;
      if (hadFocus || !busy) refocus();
    }

    function pendingAnswer() {
      const article = document.createElement("article");
      article.className = "message message--assistant is-streaming";
      article.setAttribute("aria-busy", "true");
      const body = document.createElement("div");
      body.className = "message__body markdown";
      const typing = document.createElement("p");
      typing.className = "typing";
      typing.textContent = i18n.i18nThinking;
      body.append(typing);
      article.append(body);
      messages.append(article);
      status.textContent = i18n.i18nThinking;
      return article;
    }

    function settle(pending, html) {
      for (const old of $$(".js-regenerate", messages)) old.remove();
      const finished = fragment(html);
      pending.replaceWith(finished);
      activate(finished);
      enhanceCode(finished, i18n.i18nCopyCode);
      status.textContent = i18n.i18nAnswered;
      return finished;
    }

    function interrupted(pending, text) {
      pending.classList.remove("is-streaming");
      pending.removeAttribute("aria-busy");
      const typing = $(".typing", pending);
      if (typing) typing.remove();
      const note = document.createElement("p");
      note.className = "message__note";
      note.textContent = text;
      const actions = document.createElement("div");
      actions.className = "message__actions";
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button button--small js-regenerate";
      retry.dataset.url = form.dataset.regenerateUrl || "";
      retry.textContent = form.dataset.i18nRetry || "↻";
      actions.append(retry);
      pending.append(note, actions);
      status.textContent = text;
    }

    // `sent` is the employee's text when this stream starts with their message (null for a new answer);
    // `replaced` is the answer a new one replaces: hidden now, removed once the server starts answering,
    // shown again if it refuses (another tab is answering) or the new answer never starts.
    // `edited` is a message being edited: once the server has stored the new text, it and every message
    // after it leave the page; if the server refuses, the edit form stays with the text.
    async function stream(url, body, sent = null, replaced = null, edited = null) {
      if (controller) return;
      const mine = new AbortController();
      controller = mine;
      // The stream may stay open after the answer (the model names a new conversation): the composer is
      // free again at once, and a later stream is not disturbed when this one ends.
      const release = () => {
        if (controller !== mine) return;
        controller = null;
        setBusy(false);
      };
      setBusy(true);
      showError("");
      if (replaced) replaced.hidden = true;
      let pending = sent === null ? pendingAnswer() : null;
      const restore = () => {
        if (!replaced) return false;
        replaced.hidden = false;
        replaced = null;
        if (pending) pending.remove();
        pending = null;
        return true;
      };
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: { Accept: "text/event-stream" },
          signal: mine.signal,
        });
        const type = response.headers.get("content-type") || "";
        if (!response.ok || !type.includes("text/event-stream")) {
          // E.g. 409 conversation_busy: the text stays in the composer, the earlier answer stays shown.
          const problem = type.includes("json") ? await response.json() : null;
          if (!restore() && pending) pending.remove();
          showError((problem && problem.error && problem.error.message) || i18n.i18nNetwork);
          if (response.status === 401) window.location.assign("/login");
          return;
        }
        for await (const { event, data } of readEvents(response)) {
          // Events read before a stop may still be waiting here: acting on them would bring back an answer
          // with its "Nyt svar" after Stop, only for the stop to take it away again.
          if (mine.signal.aborted) throw new DOMException("Stopped", "AbortError");
          let follow = nearBottom();
          if (replaced) {
            replaced.remove();
            replaced = null;
          }
          if (event === "conversation") {
            adoptConversation(data);
          } else if (event === "progress") {
            uploadStatus.textContent = data.message;  // a long document is read part by part
          } else if (event === "error" && !pending && !data.html) {
            showError(data.message || i18n.i18nNetwork);  // refused before it was stored: the text stays
          } else if (event === "user") {
            uploadStatus.textContent = "";
            if (edited) {
              while (edited.nextElementSibling) edited.nextElementSibling.remove();
              edited.remove();
            }
            // A new question: "Nyt svar" on an earlier answer would now answer this one instead.
            for (const stale of $$("#empty-state, #unanswered, .js-regenerate")) stale.remove();
            const reminder = $("#guideline-reminder");
            if (reminder && data.reminder_html !== undefined) reminder.innerHTML = data.reminder_html;
            messages.append(activate(fragment(data.html)));
            collapseLong(messages);
            if (!edited) attached.replaceChildren();  // the documents went with the message
            if (!edited && input.value === sent) {  // keep anything typed while the message was on its way
              input.value = "";
              autosize();
              drafts.removeItem(draftKey());
            }
            const preview = $("#pii-preview");
            if (preview) preview.replaceChildren();
            pending = pendingAnswer();
            follow = true;  // the employee's own message: show it, whatever they were reading
          } else if (event === "delta" && pending) {
            $(".message__body", pending).innerHTML = data.html;
          } else if ((event === "done" || event === "error") && pending) {
            if (data.html) settle(pending, data.html);
            else interrupted(pending, data.message || i18n.i18nNetwork);
            pending = null;
            release();
          } else if (event === "title") {
            retitle(data);
          }
          if (follow) toBottom();
          if (scrollButton) scrollButton.hidden = follow;
          if (mine.stopWhenKnown && form.dataset.regenerateUrl) mine.abort();  // the page now knows the conversation
        }
        if (pending) {
          // The stream ended without a result (the server went away): say so, offer a retry.
          interrupted(pending, i18n.i18nNetwork);
          pending = null;
        }
      } catch (error) {
        // Stopped before the server answered: the earlier answer is kept there too.
        if (restore()) showError(error.name === "AbortError" ? "" : i18n.i18nNetwork);
        else if (pending) interrupted(pending, error.name === "AbortError" ? i18n.i18nStopped : i18n.i18nNetwork);
        else if (error.name !== "AbortError") showError(i18n.i18nNetwork + " " + i18n.i18nDraft);
        // The message may have been stored although its answer never showed: an old "Nyt svar" would then
        // answer it and hide the earlier answer. Show the conversation as the server has it instead.
        if (sent !== null && !pending && error.name === "AbortError") await resync();
      } finally {
        release();
      }
    }

    // Replaces the messages with the server's, for when the page cannot know what was stored.
    async function resync() {
      for (const stale of $$(".js-regenerate", messages)) stale.remove();
      if (!/^\/c\/[0-9a-f]+$/.test(window.location.pathname)) return;
      const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" } }).catch(() => null);
      if (!response || !response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("messages");
      if (!fresh) return;
      const asked = $$(".message--user", messages).length;
      messages.replaceChildren(...Array.from(fresh.childNodes).map((node) => document.importNode(node, true)));
      activate(messages);
      enhanceCode(messages, i18n.i18nCopyCode);
      collapseLong(messages);
      const questions = $$(".message--user .message__bubble", messages);
      if (questions.length > asked && questions.pop().textContent.trim() === input.value.trim()) {
        input.value = "";  // it was stored: it is not a draft any more, and its documents went with it
        autosize();
        drafts.removeItem(draftKey());
        attached.replaceChildren();
      }
      toBottom();
    }

    function submit() {
      // A file with no question gets a plain one, shown as the employee's message like any other.
      if (!input.value.trim() && attached.children.length) input.value = i18n.i18nDefaultQuestion;
      const text = input.value;
      if (!text.trim() || controller) return;
      const body = new FormData(form);
      body.set("text", text);
      stream(form.action, body, text);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    input.addEventListener("input", () => {
      autosize();
      if (input.value) drafts.setItem(draftKey(), input.value);
      else drafts.removeItem(draftKey());
    });
    // The server stores a new conversation with its first message before it answers. Stopped before the page
    // hears of it, the message would be kept where the page cannot show it and stay in the composer as well
    // (sent twice when sent again), so a new conversation stops once its first event has said where it is.
    function stop() {
      if (!controller) return;
      if (form.dataset.regenerateUrl) controller.abort();
      else controller.stopWhenKnown = true;
    }

    stopButton.addEventListener("click", stop);
    // Esc stops the answer, as in other chat apps, unless it closes something first (a drawer, a dialog).
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !controller || event.defaultPrevented) return;
      if (document.body.classList.contains("sidebar-open") || document.body.classList.contains("guidelines-open")) return;
      // Esc in a rename or edit field gives up that change; it never stops an answer.
      if (event.target.closest && event.target.closest("dialog, .js-rename-input, .js-edit-input")) return;
      event.preventDefault();
      stop();
    }, { capture: true });  // before the drawers' own Esc handlers close them

    $(".js-attach", form).addEventListener("click", () => fileInput.click());
    fileInput.addEventListener("change", async () => {
      const files = Array.from(fileInput.files);
      fileInput.value = "";
      await uploadAll(files);
      input.focus();
    });
    input.addEventListener("paste", (event) => {
      const files = event.clipboardData && event.clipboardData.files;
      if (files && files.length) {
        event.preventDefault();
        uploadAll(files);
      }
    });
    const dropZone = $("#main") || form;
    const carriesFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
    dropZone.addEventListener("dragover", (event) => {
      if (!carriesFiles(event) || input.disabled) return;
      event.preventDefault();
      form.classList.add("is-dragging");
    });
    dropZone.addEventListener("dragleave", (event) => {
      if (!dropZone.contains(event.relatedTarget)) form.classList.remove("is-dragging");
    });
    dropZone.addEventListener("drop", (event) => {
      form.classList.remove("is-dragging");
      if (!carriesFiles(event) || input.disabled) return;
      event.preventDefault();
      uploadAll(event.dataTransfer.files);
    });
    // Enter in "Mangler der noget?" masks the value; it must not send the message.
    attached.addEventListener("keydown", (event) => {
      const field = event.target.closest(".document-chip__mask input");
      if (!field || event.key !== "Enter") return;
      event.preventDefault();
      $("button", field.closest(".document-chip__mask")).click();
    });
    attached.addEventListener("click", async (event) => {
      const remove = event.target.closest(".js-document-remove");
      if (!remove) return;
      const chip = remove.closest(".document-chip");
      chip.hidden = true;
      const response = await fetch(remove.dataset.url, { method: "POST", headers: { Accept: "application/json" } })
        .catch(() => null);
      if (response && (response.ok || response.status === 404)) chip.remove();
      else chip.hidden = false;
      input.focus();
    });
    if (scrollButton) {
      scroller.addEventListener("scroll", () => { if (nearBottom()) scrollButton.hidden = true; }, { passive: true });
      scrollButton.addEventListener("click", () => {
        toBottom();
        scrollButton.hidden = true;
        input.focus();
      });
    }

    // Editing an earlier message: the form came from the server (htmx); sending it goes the composer's way.
    function sendEdit(editForm) {
      const field = $(".js-edit-input", editForm);
      if (!field.value.trim() || controller) return;
      stream(editForm.action, new FormData(editForm), field.value, null, editForm.closest(".message"));
    }
    messages.addEventListener("submit", (event) => {
      const editForm = event.target.closest(".js-edit-form");
      if (!editForm) return;
      event.preventDefault();
      sendEdit(editForm);
    });
    messages.addEventListener("keydown", (event) => {
      const field = event.target.closest(".js-edit-input");
      if (!field) return;
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendEdit(field.form);
      } else if (event.key === "Escape") {
        // Asked of htmx directly, not by clicking "Annullér": right after the form is swapped in, htmx may
        // not have bound that button yet, and the click would do nothing.
        event.preventDefault();
        const cancel = $(".js-edit-cancel", field.form);
        wantFocus(cancel);
        window.htmx.ajax("GET", cancel.getAttribute("hx-get"),
                         { target: cancel.getAttribute("hx-target"), swap: "outerHTML" });
      }
    });
    // A cancelled edit gives the focus back to the message's edit button; an opened one to its text. The
    // intent names what to focus, so the late settle of an earlier swap of the same message (the edit form
    // settling as Esc already cancels it) cannot use it up.
    let focusAfterSwap = null;
    function wantFocus(opener) {
      focusAfterSwap = { target: opener.getAttribute("hx-target"),
                         selector: opener.classList.contains("js-edit") ? ".js-edit-input" : ".js-edit" };
    }
    messages.addEventListener("click", (event) => {
      const opener = event.target.closest(".js-edit, .js-edit-cancel");
      if (opener) wantFocus(opener);
    }, true);
    function focusSwapped(swapped) {
      if (!focusAfterSwap || !swapped || "#" + swapped.id !== focusAfterSwap.target) return;
      const wanted = $(focusAfterSwap.selector, swapped);
      if (!wanted) return;  // an earlier swap of the same message
      focusAfterSwap = null;
      wanted.focus();
      // The caret goes to the end of an opened edit, unless the employee already began to type or select.
      if (wanted.matches("textarea") && wanted.selectionEnd === 0) {
        wanted.setSelectionRange(wanted.value.length, wanted.value.length);
      }
    }
    document.body.addEventListener("htmx:load", (event) => focusSwapped(event.detail.elt));
    document.body.addEventListener("htmx:afterSettle", (event) => focusSwapped(event.target));

    messages.addEventListener("click", async (event) => {
      const regenerate = event.target.closest(".js-regenerate");
      if (regenerate && regenerate.dataset.url && !controller && !regenerate.disabled) {
        stream(regenerate.dataset.url, new FormData(), null, regenerate.closest(".message--assistant"));
        return;
      }
      const copy = event.target.closest(".js-copy");
      if (copy) {
        const body = $(".message__body", copy.closest(".message"));
        if (body) {
          await copyRich(copy.dataset.markdown || body.innerText.trim(), answerHtml(body));
          flash(copy, i18n.i18nCopied);
        }
        return;
      }
      const expand = event.target.closest(".js-expand");
      if (expand) {
        const bubble = document.getElementById(expand.getAttribute("aria-controls"));
        const open = expand.getAttribute("aria-expanded") !== "true";
        bubble.classList.toggle("is-collapsed", !open);
        expand.setAttribute("aria-expanded", String(open));
        expand.textContent = open ? i18n.i18nShowLess : i18n.i18nShowAll;
        return;
      }
      const copyCode = event.target.closest(".js-copy-code");
      if (copyCode) {
        await copyText($("pre", copyCode.closest(".code-block")).innerText);
        flash(copyCode, i18n.i18nCopied);
      }
    });

    const draft = drafts.getItem(draftKey());
    if (draft && !input.value) {
      input.value = draft;
      if (window.htmx) window.htmx.trigger(input, "kkgpt:preview");
    }
    autosize();
    enhanceCode(messages, i18n.i18nCopyCode);
    collapseLong(messages);
    // A conversation opens at its latest message; a first screen (guidelines, greeting) at its top.
    if ($(".message", messages)) toBottom();
    const acceptance = $("#acceptance");
    if (window.location.hash) return;
    if (acceptance) acceptance.focus({ preventScroll: true });  // two Tabs from the accept button
    else input.focus();
  }

  function initAssistants() {
    const hidden = $("#composer-assistant");
    const chip = $("#composer-assistant-chip");
    const input = $("#composer-input");
    if (!hidden || !chip || !input) return;
    const choose = (button) => {
      for (const other of $$(".js-assistant")) other.setAttribute("aria-pressed", String(other === button));
      hidden.value = button ? button.dataset.key : "";
      chip.hidden = !button;
      $(".assistant-badge", chip).textContent = button ? button.dataset.name : "";
      if (button && button.dataset.starter && !input.value.trim()) {
        input.value = button.dataset.starter;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
      input.focus();
      // An assistant that works on a document opens the file picker at once (the click is the employee's).
      const picker = $("#composer-file");
      if (button && button.dataset.documents && picker) picker.click();
    };
    document.addEventListener("click", (event) => {
      const card = event.target.closest(".js-assistant");
      if (card) choose(card.getAttribute("aria-pressed") === "true" ? null : card);
      if (event.target.closest(".js-assistant-clear")) choose(null);
    });
  }

  // An example prompt fills the composer for the employee to adapt; it never sends by itself, and it never
  // overwrites what the employee wrote (only an empty box or an example nobody changed yet).
  function initExamples() {
    const input = $("#composer-input");
    if (!input) return;
    const examples = () => $$(".js-example").map((button) => button.dataset.prompt);
    document.addEventListener("click", (event) => {
      const button = event.target.closest(".js-example");
      if (!button || input.disabled) return;
      const current = input.value.trim();
      input.value = !current || examples().includes(current) ? button.dataset.prompt
        : `${input.value.trimEnd()}\n\n${button.dataset.prompt}`;
      input.dispatchEvent(new Event("input", { bubbles: true }));  // autosize, draft and the shield's preview
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    });
  }

  function initGuidelinesPanel() {
    const panel = $("#guidelines-panel");
    const open = $(".js-guidelines-open");
    if (!panel || !open) return;
    const backdrop = $(".guidelines-backdrop");
    const setOpen = (isOpen, focusPanel = true) => {
      document.body.classList.toggle("guidelines-open", isOpen);
      open.setAttribute("aria-expanded", String(isOpen));
      if (backdrop) backdrop.hidden = !isOpen;
      if (isOpen && focusPanel) panel.focus();
      else if (!isOpen) open.focus();
    };
    open.addEventListener("click", () => setOpen(!document.body.classList.contains("guidelines-open")));
    for (const close of $$(".js-guidelines-close")) close.addEventListener("click", () => setOpen(false));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && document.body.classList.contains("guidelines-open")) setOpen(false);
    });
    // The reminder region is replaced wholesale by htmx (out-of-band swap), so look it up each time.
    const flag = () => {
      const reminder = $("#guideline-reminder");
      open.classList.toggle("has-reminder", Boolean(reminder && reminder.textContent.trim()));
    };
    new MutationObserver(flag).observe(panel, { childList: true, subtree: true });
    panel.addEventListener("click", (event) => {
      const link = event.target.closest(".js-open-guideline");
      if (!link) return;
      event.preventDefault();
      const point = $("#guideline-" + link.dataset.point);
      if (!point) return;
      const details = $("details", point);
      details.open = true;
      point.classList.add("is-highlighted");
      $("summary", point).focus();
    });
  }

  // Plain pages on a phone: the top bar's links open from a menu button, so the bar stays one row.
  function initTopnav() {
    const toggle = $(".js-topnav-toggle");
    if (!toggle) return;
    const bar = toggle.closest(".topbar");
    bar.classList.add("topbar--collapsible");
    toggle.hidden = false;
    const setOpen = (isOpen) => {
      bar.classList.toggle("is-open", isOpen);
      toggle.setAttribute("aria-expanded", String(isOpen));
    };
    toggle.addEventListener("click", () => setOpen(!bar.classList.contains("is-open")));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && bar.classList.contains("is-open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // The theme switch applies the choice at once; htmx stores it in a cookie the server reads on the next page.
  function initThemeSwitch() {
    const form = $(".js-theme-switch");
    if (!form) return;
    $(".js-theme-submit", form).remove();
    form.addEventListener("change", (event) => {
      const theme = event.target.value;
      const root = document.documentElement;
      if (theme === "light" || theme === "dark") root.dataset.theme = theme;
      else delete root.dataset.theme;
      const scheme = $('meta[name="color-scheme"]');
      if (scheme) scheme.content = theme === "system" ? "light dark" : theme;
      if (!window.htmx) form.submit();  // htmx did not load: the plain form stores it
    });
  }

  // hx-confirm asks in the page's own dialog (its button says what happens: "Slet"), not window.confirm.
  function initConfirm() {
    const dialog = $("#confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    document.addEventListener("htmx:confirm", (event) => {
      if (!event.detail.question) return;
      event.preventDefault();
      const trigger = event.detail.elt;
      $("#confirm-dialog-text").textContent = event.detail.question;
      $(".js-confirm-ok", dialog).textContent = trigger.dataset.confirmButton || "OK";
      dialog.returnValue = "";
      dialog.addEventListener("close", () => {
        if (dialog.returnValue === "ok") event.detail.issueRequest(true);
        else if (trigger.isConnected) trigger.focus();
      }, { once: true });
      dialog.showModal();  // focus starts on "Annullér", the harmless choice
    });
  }

  // "/" jumps to the conversation search, wherever focus is, except while typing.
  function initSearchKey() {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
      const search = document.getElementById("conversation-search");
      if (!search) return;
      event.preventDefault();
      if (!search.offsetParent && !document.body.classList.contains("sidebar-open")) {
        const open = $(".js-sidebar-open");
        if (open) open.click();  // the drawer on small screens
      }
      search.focus();
    });
  }

  function initRename() {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !event.target.classList.contains("js-rename-input")) return;
      const cancel = $(".js-rename-cancel", event.target.form);
      if (cancel) cancel.click();
    });
  }

  // A failed htmx action (rename, delete, feedback, review) says why instead of failing silently.
  function toast(text) {
    const box = document.getElementById("toast");
    if (!box || !text) return;
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 8000);
  }

  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    if (xhr.status === 401) {
      window.location.assign("/login");
      return;
    }
    const parsed = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    toast(parsed.body.textContent.trim() || document.body.dataset.networkError);
  });
  document.addEventListener("htmx:sendError", () => toast(document.body.dataset.networkError));

  // Logging out forgets every unsent draft in this tab (the server also sends Clear-Site-Data).
  document.addEventListener("submit", (event) => {
    if (event.target.classList && event.target.classList.contains("js-logout")) {
      for (const key of Object.keys(window.sessionStorage)) {
        if (key.startsWith("kkgpt:")) window.sessionStorage.removeItem(key);
      }
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    initSidebar();
    initChat();
    initAssistants();
    initExamples();
    initGuidelinesPanel();
    initRename();
    initTopnav();
    initThemeSwitch();
    initConfirm();
    initSearchKey();
  });
})();
