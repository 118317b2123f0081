// The answer editor of the request page (Requests/_Reply.cshtml): a rich-text area over the form's body field, its
// toolbar, templates and text blocks inserted where the cursor is, and the agent's draft kept while they type.
// Whatever it produces, the server sanitises again.
(() => {
    "use strict";
    const form = document.querySelector("[data-reply-form]");
    if (!form) {
        return;
    }

    const field = form.querySelector("[data-reply-body]");
    const editor = form.querySelector("[data-reply-editor]");
    const toolbar = form.querySelector("[data-toolbar]");
    const status = form.querySelector("[data-draft-status]");
    const templates = form.querySelector("[data-template-choice]");
    const useTemplate = form.querySelector("[data-use-template]");
    const blocks = form.querySelector("[data-text-blocks]");
    const token = form.querySelector("input[name=__RequestVerificationToken]");

    // The field holds HTML the server wrote (a sanitised draft or a template): the editor takes it over.
    editor.innerHTML = field.value;
    field.hidden = true;
    editor.hidden = false;
    toolbar.hidden = false;
    if (useTemplate) {
        useTemplate.hidden = false;
    }
    if (blocks) {
        blocks.hidden = false;
    }
    document.querySelector("label[for=reply-body]")?.setAttribute("for", "reply-editor");

    // Where the cursor was in the editor, so that a toolbar click or a text block lands there.
    let range = null;
    document.addEventListener("selectionchange", () => {
        const selection = document.getSelection();
        if (selection.rangeCount > 0 && editor.contains(selection.anchorNode)) {
            range = selection.getRangeAt(0).cloneRange();
        }
    });
    const restore = () => {
        editor.focus();
        if (range) {
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }
    };

    let timer = null;
    const changed = () => {
        field.value = editor.innerHTML;
        clearTimeout(timer);
        timer = setTimeout(saveDraft, 1500);
    };

    toolbar.addEventListener("click", event => {
        const button = event.target.closest("button[data-format]");
        if (!button) {
            return;
        }
        restore();
        const format = button.dataset.format;
        if (format === "createLink") {
            const address = toolbar.querySelector("[data-link-address]").value.trim();
            if (!/^(https?:\/\/|mailto:)/i.test(address)) {
                toolbar.querySelector("[data-link-address]").focus();
                return;
            }
            document.execCommand("createLink", false, address);
        } else if (format === "blockquote") {
            document.execCommand("formatBlock", false, "blockquote");
        } else {
            document.execCommand(format);
        }
        changed();
    });

    // A template replaces the text (one undo step brings it back); a text block goes in at the cursor.
    useTemplate?.addEventListener("click", () => {
        editor.focus();
        document.execCommand("selectAll");
        document.execCommand("insertHTML", false, templates.selectedOptions[0].dataset.body);
        changed();
    });
    form.querySelector("[data-insert-block]")?.addEventListener("click", () => {
        restore();
        document.execCommand("insertHTML", false, form.querySelector("[data-text-block-choice]").selectedOptions[0].dataset.body);
        changed();
    });

    editor.addEventListener("input", changed);
    for (const input of form.querySelectorAll("[data-reply-to], [data-reply-cc], [data-template-choice], input[name=attachmentIds]")) {
        input.addEventListener("change", changed);
    }
    form.addEventListener("submit", () => {
        clearTimeout(timer);
        field.value = editor.innerHTML;
    });

    // One save at a time: a change made while a save is under way is saved right after it; a save the server could
    // not take (or that did not reach it) is tried again after a while, and the text stays in the editor meanwhile.
    let saving = false;
    let saveAgain = false;
    async function saveDraft() {
        if (saving) {
            saveAgain = true;
            return;
        }
        saving = true;
        const draft = {
            body: editor.innerHTML,
            to: form.querySelector("[data-reply-to]").value,
            cc: form.querySelector("[data-reply-cc]").value,
            templateId: templates ? templates.value : null,
            attachmentIds: [...form.querySelectorAll("input[name=attachmentIds]:checked")].map(box => box.value),
        };
        let saved = false;
        let retry = false;
        try {
            const response = await fetch(form.dataset.draftUrl, {
                method: "PUT",
                credentials: "same-origin",
                headers: { "Content-Type": "application/json", "RequestVerificationToken": token ? token.value : "" },
                body: JSON.stringify(draft),
            });
            saved = response.ok;
            retry = response.status >= 500;
        } catch {
            retry = true;
        }
        saving = false;
        if (saveAgain) {
            saveAgain = false;
            saveDraft();
            return;
        }
        status.textContent = saved
            ? form.dataset.savedText.replace("{0}", new Date().toLocaleTimeString(document.documentElement.lang))
            : form.dataset.failedText;
        status.dataset.saved = saved ? "true" : "false";
        if (retry) {
            clearTimeout(timer);
            timer = setTimeout(saveDraft, 5000);
        }
    }

    if (location.hash === "#reply") {
        // After the browser has gone to the fragment, which takes the focus from whatever had it.
        window.addEventListener("load", () => setTimeout(() => editor.focus(), 0));
    }
    // r (outside any field) goes to the answer, as in the inbox.
    document.addEventListener("keydown", event => {
        const target = event.target;
        if (event.key === "r" && !event.altKey && !event.ctrlKey && !event.metaKey && !target.isContentEditable
            && !/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) {
            editor.focus();
            editor.scrollIntoView({ block: "center" });
            event.preventDefault();
        }
    });
})();
