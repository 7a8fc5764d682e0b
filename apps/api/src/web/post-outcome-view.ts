// The post page's "Results per network" and action bar, from the API's view of the post: what happened on each
// network (with the network's own words and what to do next) and which buttons this person gets.
import { NETWORK_NAMES, type Network } from '@app/publishing';
import { listOf } from '@app/posts';
import type { PostDto } from '../posts/post-view.dto';

const WHEN_LABELS: Record<string, string> = {
  published: 'Published',
  failed: 'Last attempt',
  waiting: 'Next attempt',
  cancelled: 'Cancelled',
};

/** The actions with a button in the bar (delete is decided on its own). */
const BAR_BUTTONS = ['publish_now', 'retry', 'unschedule', 'duplicate'];

export interface PostOutcomeView {
  /** Whether any network has something to report (publishing started, failed, or is waiting on something). */
  show: boolean;
  actions: string[];
  /** Whether the action bar has a button to show (mark has none here; delete may be the compose form's). */
  hasButtons: boolean;
  /** Networks Retry would try again, by name (the button says "Retry X" when there is one). */
  retryable: string[];
  /** The networks Publish now would send it to (those not yet out or failed), in words. */
  networkList: string;
  /** Delete in the action bar: for a post the compose form does not offer it for (rejected, failed). */
  showDelete: boolean;
  targets: Array<{
    id: string;
    network: string;
    networkName: string;
    accountName: string | null;
    state: string;
    summary: string;
    at: string | null;
    whenLabel: string;
    url: string | null;
    problem: string | null;
    nextStep: string | null;
    canRetry: boolean;
  }>;
}

export function postOutcomeView(post: PostDto, composeOffersDelete: boolean): PostOutcomeView {
  const allowed = post.actions ?? [];
  const targets = post.targets.map((t) => {
    const outcome = t.outcome;
    const state = outcome?.state ?? t.status;
    return {
      id: t.id,
      network: t.network,
      networkName: NETWORK_NAMES[t.network as Network] ?? t.network,
      accountName: t.accountName ?? null,
      state,
      summary: outcome?.summary ?? t.status,
      at: outcome?.at ?? null,
      whenLabel: WHEN_LABELS[state] ?? 'At',
      // Only a web address goes into a link (never javascript: or the like, whatever a network answered).
      url: t.url && /^https?:\/\//i.test(t.url) ? t.url : null,
      problem: (state === 'failed' || state === 'waiting') && t.lastError ? t.lastError : null,
      nextStep: outcome?.nextStep ?? null,
      canRetry: allowed.includes('retry') && !!outcome?.retryable,
    };
  });
  // The role and state allow Retry, but no failed network can be helped by it now (its account still needs
  // reconnecting): no button that would only be refused; each network's next step says what to do first.
  const actions = targets.some((t) => t.canRetry) ? allowed : allowed.filter((a) => a !== 'retry');
  const showDelete = actions.includes('delete') && !composeOffersDelete;
  return {
    hasButtons: showDelete || actions.some((a) => BAR_BUTTONS.includes(a)),
    show: targets.some((t) => t.state !== 'not_scheduled' && !(t.state === 'waiting' && !t.problem && !t.nextStep)),
    actions,
    retryable: targets.filter((t) => t.canRetry).map((t) => t.networkName),
    // Publish now sends only what has not gone out or failed yet: a post live on Facebook and waiting on X is
    // "sent to X at once", never "to Facebook and X".
    networkList: listOf(
      (targets.some((t) => t.state === 'waiting' || t.state === 'not_scheduled')
        ? targets.filter((t) => t.state === 'waiting' || t.state === 'not_scheduled')
        : targets
      ).map((t) => t.networkName),
    ),
    showDelete,
    targets,
  };
}
