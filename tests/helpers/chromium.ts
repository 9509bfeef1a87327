/**
 * The real Chromium the report tests drive: found as the token login finds it (CHROMIUM_PATH, else
 * the usual paths), with the same launch arguments, headless.
 */
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../shared/token/login.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(process.env.CHROMIUM_PATH),
    args: CHROMIUM_ARGS,
    headless: true,
  });
}
