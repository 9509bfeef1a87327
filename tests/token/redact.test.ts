/**
 * What a failed login may say about the credentials: nothing. The password and the phone number in
 * every form (as configured, digits only, and the national number the login page is typed with)
 * are replaced before the message or the page's visible text reaches an error or a log line.
 */
import { describe, expect, it } from 'vitest';
import { scrubString } from '../../shared/log.js';
import { redactCredentials } from '../../shared/token/login.js';

const creds = { phone: '+62 812-3456-7890', password: 'Pw-81234567890!' };

describe('redactCredentials', () => {
  it('removes the password and masks the phone number as typed (national number), configured and digits only', () => {
    const text =
      'locator.pressSequentially("81234567890") failed; typed "Pw-81234567890!"; account +62 812-3456-7890 / 6281234567890';
    // The generic scrubber alone cannot recognise the national number the login page is typed with.
    expect(scrubString(text)).toContain('"81234567890"');
    const out = redactCredentials(text, creds);
    expect(out).not.toContain('Pw-81234567890!');
    expect(out).not.toMatch(/1234567890/);
    expect(out).toContain('[redacted]');
    expect(out).toContain('62812****890');
  });

  it('leaves text without credentials as the scrubber makes it', () => {
    const text = 'waiting for getByPlaceholder("Type your phone number") on http://127.0.0.1:1234/login';
    expect(redactCredentials(text, creds)).toBe(scrubString(text));
  });
});
