// The networks we publish to, and how to name them to a practice.
export type Network = 'facebook' | 'linkedin' | 'x';

export const NETWORKS: readonly Network[] = ['facebook', 'linkedin', 'x'];

export const NETWORK_NAMES: Record<Network, string> = {
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  x: 'X',
};
