// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) on every address given, in one Chromium,
// and prints a JSON object: {url: [issue, ...]}. Used by benchmarks/audit.py and
// site_tests/test_audit.py. The browser is Debian's (or whatever CHROME_PATH names):
// npm installs puppeteer without its own browser (PUPPETEER_SKIP_DOWNLOAD / --ignore-scripts).
//
//   CHROME_PATH=/usr/bin/chromium node benchmarks/pa11y_pages.js URL...
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const urls = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    headless: true,
  });
  const out = {};
  try {
    for (const url of urls) {
      const result = await pa11y(url, {
        browser,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        timeout: 60000,
        // errors only, as the pa11y command reports by default
        includeNotices: false,
        includeWarnings: false,
      });
      out[url] = result.issues.filter((i) => i.type === "error")
        .map(({ code, message, selector, context }) => ({ code, message, selector, context }));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(2);
});
