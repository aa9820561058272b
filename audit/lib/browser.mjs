// One headless Chromium for the browser gates. It is the system's
// (Debian's chromium package): nothing is downloaded at run time. The flags
// keep it from reaching for Google's services, which on a machine without
// network only produce timeouts and noise in the console.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";

export const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches Chromium with a fresh profile and the DevTools protocol on a
 * free port. Resolves to { port, wsEndpoint, close() }.
 */
export function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "yizhan-audit-chromium-"));
  const child = spawn(
    CHROME_PATH,
    [
      ...CHROME_FLAGS,
      // Every host but the local server fails at once: a page that asks for
      // an outside file gets an error rather than a wait on a closed network.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    // Its own process group, so that its helpers can be waited for.
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  // A Chromium that already ended, by an exit code or by a signal (a
  // crash), has nothing left to wait for; waiting on its "exit" event would
  // hang forever.
  const running = () => child.exitCode === null && child.signalCode === null;
  const close = async () => {
    if (running()) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
    await helpersGone(child.pid);
    removeProfile(profile);
  };
  return new Promise((resolvePromise, reject) => {
    let log = "";
    const timer = setTimeout(() => fail(new Error(`Chromium did not start within 30 s:\n${log}`)), 30_000);
    const fail = (error) => {
      clearTimeout(timer);
      close().finally(() => reject(error));
    };
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`Chromium exited (${code}) before it was ready:\n${log}`)));
    child.stderr.on("data", (data) => {
      log += data;
      const match = log.match(/DevTools listening on (ws:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.stderr.removeAllListeners("data");
        child.stderr.resume();
        resolvePromise({ port: Number(new URL(match[1]).port), wsEndpoint: match[1], close });
      }
    });
  });
}

// Chromium's helper processes (zygote, utility, crash handler) outlive the
// browser for a moment and write into the profile: a removal then finds a
// folder filled again behind it (ENOTEMPTY). They share its process group;
// this waits until the group is empty, ending what is left after a second.
async function helpersGone(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let tries = 0; alive() && tries < 100; tries++) {
    if (tries === 20) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        return;
      }
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

// Node retries a removal that meets a folder filled again; a profile still
// left after that is only a temporary folder, and no reason to fail the
// audit.
function removeProfile(profile) {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  } catch (error) {
    console.error(`warning: could not remove Chromium's profile ${profile}: ${error.message}`);
  }
}
