import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../helpers/free-port';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS = resolve(__dirname, '..', '..', 'test-results');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The committed playground config with another Contoso person as the one typing. */
function configFor(user: 'hank' | 'maria'): string {
  const yaml = readFileSync(resolve(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8');
  if (user === 'hank') return yaml;
  // Swap currentUser and Maria's users entry, keeping the file otherwise as committed.
  const people: Record<string, string> = {
    hank: 'id: user-hank\n  name: Hank Helpdesk\n  userPrincipleName: hank@contoso.example\n  aadObjectId: c0de0000-0000-4000-8000-000000000006\n  givenName: Hank\n  surname: Helpdesk\n  email: hank@contoso.example',
    maria:
      'id: user-maria\n  name: Maria Manager\n  userPrincipleName: maria@contoso.example\n  aadObjectId: c0de0000-0000-4000-8000-000000000004\n  givenName: Maria\n  surname: Manager\n  email: maria@contoso.example',
  };
  const current = /currentUser:\n {2}([\s\S]*?)\nusers:/.exec(yaml)![1];
  const mariaEntry = / {2}- id: user-maria\n([\s\S]*?)(?=\n {2}- id:)/.exec(yaml)![0];
  return yaml.replace(current, people.maria).replace(mariaEntry, `  - ${people.hank.replace(/\n {2}/g, '\n    ')}`);
}

export interface Playground {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts Microsoft 365 Agents Playground (the real Teams-like client) pointed at the bot, as `user`.
 * It may move to another port if ours was taken meanwhile, so the port is read from what it prints.
 */
export async function startPlayground(botUrl: string, user: 'hank' | 'maria' = 'hank'): Promise<Playground> {
  const dir = mkdtempSync(join(tmpdir(), `playground-${user}-`));
  const configPath = join(dir, '.m365agentsplayground.yml');
  writeFileSync(configPath, configFor(user));
  const cli = resolve(__dirname, '..', '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(await freePort()), '--disable-telemetry'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        TEAMSAPPTESTER_LOGFILE: join(dir, 'playground.log'),
      },
    },
  );
  let output = '';
  child.stdout!.on('data', (c) => (output += String(c)));
  child.stderr!.on('data', (c) => (output += String(c)));
  const stop = () =>
    new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  const started = Date.now();
  for (;;) {
    const port = /Listening on (\d+)/.exec(output)?.[1];
    if (
      port &&
      (await fetch(`http://localhost:${port}`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      return { url: `http://localhost:${port}`, close: stop };
    if (child.exitCode !== null || Date.now() - started > 60_000) {
      await stop();
      throw new Error(`Agents Playground (${user}) did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** playwright's launch() gives every browser a fresh, throw-away profile directory. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Opens the Playground and waits until it has introduced itself to the bot. */
export async function openChat(browser: Browser, playground: Playground): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(playground.url, { waitUntil: 'networkidle' });
  await page.locator('[data-lexical-editor="true"][role="textbox"]').waitFor();
  return page;
}

export async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
  await page.locator('[data-lexical-editor="true"][role="textbox"]').waitFor();
}

export async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A new channel post that @mentions the bot, as a person does in Teams (channel posts without one don't reach it). */
export async function postInChannel(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]').first();
  await box.click();
  await page.keyboard.type('@mfa');
  await page.getByText('mfa-bot', { exact: true }).last().click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
}

/** The newest Adaptive Card containing `text`. */
export async function cardWith(page: Page, text: string | RegExp, timeout = 15_000) {
  const card = page.locator('.ac-adaptiveCard', { hasText: text }).last();
  await card.waitFor({ timeout });
  return card;
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}
