// Signing in through the real sign-in page, and the social accounts the post pages need.
import { DataSource } from 'typeorm';
import { Page } from 'playwright-core';
import { SocialAccount } from '@app/accounts';
import { TestApp } from '../../support/test-app';

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Connected accounts, stored the way OAuth would leave them (the accounts API is not there yet). */
export async function connectAccounts(t: TestApp, practiceId: string): Promise<{ facebook: string; x: string }> {
  const repo = t.app.get(DataSource).getRepository(SocialAccount);
  const make = (network: 'facebook' | 'x', name: string, handle: string | null) =>
    repo.save(
      repo.create({
        practiceId,
        network,
        externalId: `${network}-${Math.random().toString(36).slice(2)}`,
        name,
        handle,
        status: 'connected',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        tokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        lastPublishedAt: null,
        lastError: null,
        lastErrorAt: null,
        cadence: null,
        evergreenFill: false,
      }),
    );
  const [facebook, x] = await Promise.all([
    make('facebook', 'Bright Smiles Dental', null),
    make('x', 'Bright Smiles', '@brightsmiles'),
  ]);
  return { facebook: facebook.id, x: x.id };
}
