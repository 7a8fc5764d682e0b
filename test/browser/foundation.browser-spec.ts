// First run in a real browser: setup, sign in, settings, inviting a reviewer, and the audit log.
import { expect as jestExpect } from '@jest/globals';
import { Page } from 'playwright-core';
import { bearerOf, BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { seriousAxeViolations } from './support/page-checks';

const ADMIN = { name: 'Pat Morgan', email: 'pat@brightsmiles.example', password: 'choose-a-long-password' };
const REVIEWER = { name: 'Jordan Reyes', email: 'jordan@brightsmiles.example', password: 'reviewer-long-password' };

jest.setTimeout(60_000);

describe('first run, settings, invitations and the audit log (browser)', () => {
  let h: BrowserHarness;
  let admin: Page;

  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends a fresh installation to first-run setup and creates the practice', async () => {
    const context = await h.newContext();
    admin = await context.newPage();
    await admin.goto('/');
    await admin.waitForURL('**/setup');
    await admin.getByRole('heading', { name: 'Set up your practice' }).waitFor();
    await h.screenshot(admin, '01-setup');
    jestExpect(await seriousAxeViolations(admin)).toEqual([]);

    // A bad e-mail is reported next to its field, from the API's validation message.
    await admin.getByLabel('Practice name').fill('Bright Smiles Dental');
    await admin.getByLabel('Time zone').selectOption('America/Chicago');
    await admin.getByLabel('Your name').fill(ADMIN.name);
    await admin.getByLabel('E-mail address').fill('not-an-email');
    await admin.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await admin.getByLabel('Repeat the password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Create practice and sign in' }).click();
    await admin
      .locator('.field.has-error')
      .filter({ has: admin.getByLabel('E-mail address') })
      .getByText(/valid e-mail/)
      .waitFor();
    await h.screenshot(admin, '01-setup-error');

    await admin.getByLabel('E-mail address').fill(ADMIN.email);
    await admin.getByRole('button', { name: 'Create practice and sign in' }).click();
    await admin.waitForURL('**/settings?welcome=1');
    await admin.getByText('Your practice is ready.').waitFor();
    jestExpect(await admin.getByTestId('practice-name').textContent()).toBe('Bright Smiles Dental');
    const setup = await h.t.http.get('/api/setup');
    jestExpect(setup.body).toEqual({ complete: true });
  });

  it('signs out and back in; a page without a session redirects to sign-in', async () => {
    await admin.locator('summary', { hasText: /Account menu/ }).click();
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForURL('**/login?signedOut=1');
    await admin.getByText('You have signed out.').waitFor();

    await admin.goto('/audit');
    await admin.waitForURL(/\/login\?next=%2Faudit/);
    await admin.getByLabel('E-mail address').fill(ADMIN.email);
    await admin.getByLabel('Password').fill('wrong-password-here');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').getByText('The e-mail or password is not right').waitFor();
    await h.screenshot(admin, '02-login-error');
    await admin.getByLabel('Password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL('**/audit');
    await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
  });

  it('saves the practice profile and shows API validation errors next to the field', async () => {
    await admin.goto('/settings');
    await admin.getByLabel('Website').fill('brightsmiles');
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await admin
      .locator('.field.has-error')
      .filter({ has: admin.getByLabel('Website') })
      .waitFor();
    await admin.getByLabel('Website').fill('https://brightsmiles.example.com');
    await admin.getByLabel('Phone numbers').fill('(217) 555-0142');
    await admin.getByLabel('Staff names').fill('Dr. Sarah Lee\nMaria Gomez, RDH');
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await admin.getByText('Saved just now').waitFor();
    const practice = await h.t.http
      .get('/api/practice')
      .set(await bearerOf(admin))
      .expect(200);
    jestExpect(practice.body.profile).toMatchObject({
      website: 'https://brightsmiles.example.com',
      phones: ['(217) 555-0142'],
      staff: ['Dr. Sarah Lee', 'Maria Gomez, RDH'],
    });
  });

  it('invites a reviewer, who accepts the link in another browser and signs in', async () => {
    await admin.getByLabel('Name', { exact: true }).fill(REVIEWER.name);
    await admin.getByLabel('E-mail address', { exact: true }).fill(REVIEWER.email);
    await admin
      .getByRole('checkbox', { name: /Author/ })
      .first()
      .uncheck();
    await admin
      .getByRole('checkbox', { name: /Compliance reviewer/ })
      .first()
      .check();
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const link = admin.getByLabel('Invitation link');
    await admin.getByText(`Invitation created for ${REVIEWER.name}`).waitFor();
    const inviteUrl = await link.inputValue();
    jestExpect(inviteUrl).toMatch(/\/invite\/[\w-]{16,}$/);
    await admin.locator('[data-user-row]', { hasText: REVIEWER.email }).getByText('Invitation sent').waitFor();
    await h.screenshot(admin, '03-settings');

    const reviewerContext = await h.newContext();
    const reviewer = await reviewerContext.newPage();
    // The link is built from PUBLIC_URL; the test app listens elsewhere, so keep only its path.
    await reviewer.goto(new URL(inviteUrl).pathname);
    await reviewer.getByRole('heading', { name: 'Choose your password' }).waitFor();
    jestExpect(await reviewer.getByLabel('E-mail (you sign in with it)').inputValue()).toBe(REVIEWER.email);
    jestExpect(await reviewer.locator('.lead').textContent()).toContain(`${REVIEWER.name}, you have been invited`);
    await h.screenshot(reviewer, '04-invite');
    jestExpect(await seriousAxeViolations(reviewer)).toEqual([]);
    await reviewer.getByLabel('New password').fill(REVIEWER.password);
    await reviewer.getByLabel('Repeat the password').fill(REVIEWER.password);
    await reviewer.getByRole('button', { name: 'Set password and continue' }).click();
    await reviewer.waitForURL('**/login?welcome=1');
    await reviewer.getByLabel('E-mail address').fill(REVIEWER.email);
    await reviewer.getByLabel('Password').fill(REVIEWER.password);
    await reviewer.getByRole('button', { name: 'Sign in' }).click();
    await reviewer.waitForURL((url) => !url.pathname.startsWith('/login'));
    await reviewer.locator('summary', { hasText: 'Account menu for Jordan Reyes' }).waitFor();

    // The reviewer sees the profile read-only and no people section.
    await reviewer.goto('/settings');
    await reviewer.getByText('Only an admin can change these details.').waitFor();
    jestExpect(await reviewer.getByRole('heading', { name: 'People and roles' }).count()).toBe(0);

    // The invitation cannot be used twice: the page says so before anyone types a password.
    await reviewer.goto(new URL(inviteUrl).pathname);
    await reviewer.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await reviewer
      .getByRole('alert')
      .getByText(/invalid or has expired/)
      .waitFor();
    jestExpect(await reviewer.getByLabel('New password').count()).toBe(0);

    await admin.reload();
    await admin.locator('[data-user-row]', { hasText: REVIEWER.email }).getByText('Active').waitFor();
  });

  it("changes a person's roles and deactivates and reactivates them", async () => {
    await admin.goto('/settings#people');
    const row = admin.locator('[data-user-row]', { hasText: REVIEWER.email });
    await row.getByRole('checkbox', { name: 'Author' }).check();
    await admin.locator('.toast').getByText(`Roles updated for ${REVIEWER.email}`).waitFor();
    const users = async () =>
      (
        await h.t.http
          .get('/api/users')
          .set(await bearerOf(admin))
          .expect(200)
      ).body as Array<{ email: string; roles: string[]; active: boolean }>;
    jestExpect((await users()).find((u) => u.email === REVIEWER.email)?.roles).toEqual(['author', 'reviewer']);

    // Nobody can drop their own admin role: the API refuses and the box snaps back.
    const self = admin.locator('[data-user-row]', { hasText: ADMIN.email });
    await self.getByRole('checkbox', { name: 'Author' }).check();
    await admin.locator('.toast').getByText(`Roles updated for ${ADMIN.email}`).waitFor();
    await self.getByRole('checkbox', { name: 'Admin' }).click();
    await admin
      .locator('.toast.toast-error')
      .getByText(/cannot remove your own admin role/)
      .waitFor();
    await admin.waitForFunction(
      `document.querySelector('[data-user-email="${ADMIN.email}"] input[value="admin"]').checked`,
    );

    admin.once('dialog', (dialog) => {
      void dialog.accept();
    });
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await admin.locator('[data-user-row]', { hasText: REVIEWER.email }).getByText('Deactivated').waitFor();
    jestExpect((await users()).find((u) => u.email === REVIEWER.email)?.active).toBe(false);
    await admin
      .locator('[data-user-row]', { hasText: REVIEWER.email })
      .getByRole('button', { name: 'Reactivate' })
      .click();
    await admin.locator('[data-user-row]', { hasText: REVIEWER.email }).getByText('Active').waitFor();
  });

  it('answers unknown pages with a page, not JSON, and sends security headers', async () => {
    await admin.goto('/posts/00000000-0000-4000-8000-000000000000');
    await admin.getByRole('heading', { name: 'Page not found' }).waitFor();
    await h.screenshot(admin, '07-not-found');
    const login = await h.t.http.get('/login').expect(200);
    jestExpect(login.headers['content-security-policy']).toContain("script-src 'self'");
    jestExpect(login.headers['referrer-policy']).toBe('no-referrer');
    // API routes that share a name with a page keep their /api prefix.
    await h.t.http
      .get('/api/audit')
      .set(await bearerOf(admin))
      .expect(200);
    await h.t.http.get('/api/setup').expect(200, { complete: true });
  });

  it('shows the audit entries, verifies the chain and exports CSV', async () => {
    await admin.goto('/audit');
    const rows = admin.locator('[data-audit-table] tbody tr');
    await rows.first().waitFor();
    jestExpect(await rows.count()).toBeGreaterThanOrEqual(6);
    await admin.locator('[data-audit-table]').getByText('user.invite_accepted').waitFor();
    await admin.getByRole('button', { name: 'Verify chain' }).click();
    await admin.locator('[data-chain-intact]').getByText('The audit log is intact').waitFor();
    await h.screenshot(admin, '05-audit');

    // Filtering by action narrows the table (htmx swaps the results in place).
    await admin.getByLabel('Action').fill('user.created');
    await admin.getByRole('button', { name: 'Apply' }).click();
    await admin.waitForURL(/action=user.created/);
    await admin.waitForFunction(
      "[...document.querySelectorAll('[data-audit-table] .action-name')].every((el) => el.textContent === 'user.created')",
    );
    jestExpect(await rows.count()).toBe(2);

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const stream = await download.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += String(chunk);
    jestExpect(csv.split('\r\n')[0]).toMatch(/seq/);
    jestExpect(csv).toContain('user.created');
    jestExpect(csv).not.toContain('auth.login,');
  });

  it('fits a phone screen: the navigation folds into a menu', async () => {
    const context = await h.newContext({ width: 390, height: 844, mobile: true });
    const phone = await context.newPage();
    await phone.goto('/login');
    await phone.getByLabel('E-mail address').fill(ADMIN.email);
    await phone.getByLabel('Password').fill(ADMIN.password);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.waitForURL('**/calendar');
    const nav = phone.getByRole('navigation', { name: 'Main' });
    jestExpect(await nav.isVisible()).toBe(false);
    await phone.getByRole('button', { name: 'Menu' }).click();
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await phone.waitForURL('**/audit');
    await h.screenshot(phone, '06-audit-phone');
    // A mobile browser zooms out to fit wide content, so compare with the device width itself.
    jestExpect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('changes your own password from Settings, explaining a weak one, and signs in with the new one', async () => {
    await admin.goto('/settings#password');
    const form = admin.locator('[data-password-form]');
    await form.getByLabel('Current password').fill(ADMIN.password);
    await form.getByLabel('New password', { exact: true }).fill('password12');
    await form.getByLabel('Repeat the new password').fill('password12');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').getByText('too easy to guess', { exact: false }).waitFor();
    const strong = 'Juniper-Compass-Violin-88';
    await form.getByLabel('New password', { exact: true }).fill(strong);
    await form.getByLabel('Repeat the new password').fill(strong);
    await form.getByRole('button', { name: 'Change password' }).click();
    await admin.getByText('Password changed.', { exact: false }).waitFor();
    // This browser carries on with its new session.
    await admin.goto('/settings');
    await admin.getByRole('heading', { name: 'Practice settings' }).waitFor();
    const fresh = await (await h.newContext()).newPage();
    await fresh.goto('/login');
    await fresh.getByLabel('E-mail address').fill(ADMIN.email);
    await fresh.getByLabel('Password').fill(strong);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.waitForURL('**/calendar');
  });
});
