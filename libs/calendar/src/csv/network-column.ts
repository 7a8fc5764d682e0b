// The "networks" cell: network names (facebook; x) mapped to the practice's accounts on those networks.
import { NETWORK_NAMES, NETWORKS, type Network } from '@app/publishing';

export interface ImportAccount {
  id: string;
  network: Network;
  name: string;
  handle: string | null;
}

const ALIASES: Record<string, Network> = {
  facebook: 'facebook',
  fb: 'facebook',
  linkedin: 'linkedin',
  x: 'x',
  twitter: 'x',
  instagram: 'instagram',
  ig: 'instagram',
  google_business: 'google_business',
  google: 'google_business',
  gbp: 'google_business',
};

export type NetworkCell = { accountIds: string[]; networks: Network[] } | { problems: string[] };

/**
 * Each name picks the practice's one account on that network. With several accounts on a network the
 * row must say which: "facebook:Downtown Office" (the account's name or @handle). A network with no
 * account, or an unclear one, is the row's error; nothing is guessed.
 */
export function readNetworkCell(cell: string, accounts: readonly ImportAccount[]): NetworkCell {
  const entries = cell
    .split(/[;,|]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (entries.length === 0)
    return { problems: [`networks is empty; write ${NETWORKS.join(', ')} (several separated by ";")`] };
  const problems: string[] = [];
  const chosen = new Map<string, ImportAccount>();
  for (const entry of entries) {
    const [rawName, ...rest] = entry.split(':');
    const selector = rest.join(':').trim();
    const network = ALIASES[rawName.trim().toLowerCase()];
    if (!network) {
      problems.push(`Unknown network "${rawName.trim()}"; use ${NETWORKS.join(', ')}`);
      continue;
    }
    const onNetwork = accounts.filter((a) => a.network === network);
    if (onNetwork.length === 0) {
      problems.push(
        `The practice has no connected ${NETWORK_NAMES[network]} account; connect one first, or take ${network} out of this row`,
      );
      continue;
    }
    if (selector) {
      const wanted = selector.replace(/^@/, '').toLowerCase();
      const match = onNetwork.filter(
        (a) => a.name.toLowerCase() === wanted || a.handle?.replace(/^@/, '').toLowerCase() === wanted,
      );
      if (match.length === 1) chosen.set(match[0].id, match[0]);
      else
        problems.push(
          `No single ${NETWORK_NAMES[network]} account is called "${selector}"; the practice's ${NETWORK_NAMES[network]} accounts are ${names(onNetwork)}`,
        );
      continue;
    }
    if (onNetwork.length > 1) {
      problems.push(
        `The practice has ${onNetwork.length} ${NETWORK_NAMES[network]} accounts (${names(onNetwork)}); write ${network}:<account name> to pick one`,
      );
      continue;
    }
    chosen.set(onNetwork[0].id, onNetwork[0]);
  }
  if (problems.length) return { problems };
  const picked = [...chosen.values()];
  return { accountIds: picked.map((a) => a.id), networks: [...new Set(picked.map((a) => a.network))] };
}

const names = (accounts: readonly ImportAccount[]) => accounts.map((a) => `"${a.name}"`).join(', ');
