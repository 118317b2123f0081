// Keeps a letter batch's progress bar current: reads the batch from the API every second while it runs, and shows
// the page again (with the download or the failure) once it has finished.
(() => {
    const bar = document.querySelector("[data-batch-progress][data-working=true]");
    if (!bar) {
        return;
    }
    const counts = document.querySelector("[data-batch-counts]");
    const poll = async () => {
        try {
            const response = await fetch(bar.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
            if (response.ok) {
                const batch = await response.json();
                bar.max = Math.max(batch.total, 1);
                bar.value = batch.done + batch.failed;
                if (batch.state === "finished" || batch.state === "failed") {
                    counts.textContent = bar.dataset.reloadText;
                    location.reload();
                    return;
                }
            }
        } catch {
            // A lost connection is tried again with the next tick.
        }
        setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
})();
