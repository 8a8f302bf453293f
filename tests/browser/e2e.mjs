// End-to-end browser tests of the dossier web app: run by run.sh against a server it started.
// Usage: node e2e.mjs BASE_URL SCREENSHOT_DIR. Exits non-zero on the first failed check.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const base = (process.argv[2] || "http://127.0.0.1:8080").replace(/\/$/, "");
const shots = process.argv[3] || "screenshots";
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error("check failed: " + message);
  console.log("ok - " + message);
}

// The server builds its index before listening; wait for it (bounded).
async function waitForServer() {
  const deadline = Date.now() + 120000;
  for (;;) {
    try {
      const response = await fetch(base + "/api");
      if (response.ok) return;
    } catch (_) {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error("server did not answer at " + base);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

await waitForServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  // Any script error, console error (CSP violations are reported there) or request to
  // another origin fails the run: the app must work offline and obey its own policy.
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  page.on("console", (msg) => { if (msg.type() === "error") problems.push("console: " + msg.text()); });
  page.on("request", (req) => { if (!req.url().startsWith(base)) problems.push("external request: " + req.url()); });

  // Timeline: zoom into a year, click a dated sentence, land on it highlighted.
  await page.goto(base + "/timeline");
  check(await page.locator("h1").first().innerText() === "Timeline", "timeline page opens");
  check((await page.locator("main p.note").first().innerText()).startsWith("Events"), "timeline says what it shows (events, or why not yet)");
  await page.screenshot({ path: join(shots, "timeline.png"), fullPage: false });
  // Events, when the database has them, are coloured by PLOVER category.
  const events = await page.goto(base + "/api/timeline?kind=event").then((r) => r.json());
  if (events.total > 0) {
    await page.goto(base + "/timeline?kind=event");
    check(await page.locator("ol.timeline li.k-event").count() > 0, "events are on the timeline");
    await page.screenshot({ path: join(shots, "events.png"), fullPage: false });
    await page.goto(base + "/timeline");
  }
  const buckets = page.locator("ol.buckets a");
  check(await buckets.count() > 0, "timeline has year buckets");
  // Zoom into the busiest year: it has months to show and items to click.
  const counts = await buckets.locator(".count").allInnerTexts();
  const busiest = counts.map(Number).reduce((best, n, i, all) => (n > all[best] ? i : best), 0);
  await buckets.nth(busiest).click();
  await page.waitForURL(/period=\d{4}/);
  check(/zoom|By month/.test(await page.locator("main").innerText()), "zooming a year shows its months");
  const item = page.locator("ol.timeline li.k-time_expression a.item-link").first();
  check(await item.count() === 1, "the year has a dated time expression");
  const expected = (await item.locator("mark.timex").innerText()).trim();
  await item.click();
  await page.waitForURL(/\/doc\/[0-9a-f]+#s\d+$/);
  const target = page.locator(".sent:target");
  check(await target.count() === 1, "the linked sentence is the page target");
  check((await target.innerText()).includes(expected), "the target sentence holds the clicked expression '" + expected + "'");
  const background = await target.evaluate((el) => getComputedStyle(el).backgroundColor);
  check(background === "rgb(255, 245, 154)", "the target sentence is highlighted (" + background + ")");
  const inView = await page.waitForFunction(() => {
    const el = document.querySelector(".sent:target");
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  }, null, { timeout: 5000 }).then(() => true, () => false);
  check(inView, "the target sentence is scrolled into view");
  check(await page.locator(".doctext mark.timex, .doctext .ent").count() > 0, "the document shows highlighted entities and times");
  check(await page.locator("table.meta").count() === 1, "the document shows its metadata");
  await page.screenshot({ path: join(shots, "document.png"), fullPage: false });

  // Actors: the list, then one actor's page.
  await page.goto(base + "/actors?kind=person");
  const actor = page.locator("table.list a.ent").first();
  const actorName = (await actor.innerText()).trim();
  await actor.click();
  await page.waitForURL(/\/actor\?key=/);
  check((await page.locator("h1.actor-name").innerText()).includes(actorName), "actor page of " + actorName + " opens");
  check(await page.locator("ol.docs li").count() > 0, "actor page lists documents");
  await page.screenshot({ path: join(shots, "actor.png"), fullPage: true });

  // Search: type a query, get highlighted snippets, follow one to its sentence.
  await page.goto(base + "/search");
  const query = process.env.E2E_QUERY || "Drina";
  await page.fill("#q", query);
  await page.press("#q", "Enter");
  await page.waitForURL(/\/search\?q=/);
  const hits = page.locator("ol.hits li");
  check(await hits.count() > 0, "search finds sentences");
  check((await page.locator("ol.hits mark").first().innerText()).toLowerCase() === query.toLowerCase(), "search highlights the matched word");
  await page.screenshot({ path: join(shots, "search.png"), fullPage: false });
  await page.locator("ol.hits a.snippet").first().click();
  await page.waitForURL(/#s\d+$/);
  check((await page.locator(".sent:target").innerText()).toLowerCase().includes(query.toLowerCase()), "a hit links to its sentence");

  // Network: actors drawn as linked nodes.
  await page.goto(base + "/network");
  check(await page.locator("svg.network circle").count() > 1, "network page draws actors");
  await page.screenshot({ path: join(shots, "network.png"), fullPage: false });

  check(problems.length === 0, "no script errors, CSP violations or external requests" + (problems.length ? ": " + problems.join("; ") : ""));

  // A bad parameter is a page with a message, not a crash.
  const response = await page.goto(base + "/search?q=x&page=abc");
  check(response.status() === 400, "bad parameter answers 400");
  check((await page.locator("p.error").innerText()).includes("page"), "the 400 page names the parameter");
} catch (err) {
  failed = true;
  console.error(err.stack || String(err));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
