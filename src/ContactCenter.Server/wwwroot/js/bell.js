// The bell in the page header (Shared/_Layout.cshtml): how many of the person's notifications are unread, counted on
// every page and again whenever the tenant's requests change (the server-sent events of /api/requests/events), which
// is when a job or the mail ingest tells someone something.
(() => {
    "use strict";
    const bell = document.querySelector("[data-bell]");
    if (!bell) {
        return;
    }

    const count = bell.querySelector("[data-bell-count]");
    let timer = null;
    const update = async () => {
        const response = await fetch(bell.dataset.notificationsUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } });
        if (!response.ok) {
            return;
        }
        const list = await response.json();
        count.textContent = String(list.unread);
        count.hidden = list.unread === 0;
        bell.setAttribute("aria-label", list.unread === 0 ? bell.dataset.label : `${bell.dataset.label} (${list.unread})`);
        bell.dataset.unread = String(list.unread);
    };
    update();
    const events = new EventSource(bell.dataset.eventsUrl, { withCredentials: true });
    events.addEventListener("requests", () => {
        clearTimeout(timer);
        timer = setTimeout(update, 500);
    });
})();
