/**
 * Lock & Open sessions followed in Logic Pro (logic-presence.ts): the lease is renewed only while
 * Logic has the project open, and once Logic closed it the producer is offered "Commit, push and
 * release" (a notification with that button, and the tray's item) with the message prefilled
 * from the metadata diff. Opening it again withdraws the offer and renewing resumes.
 */
import { projectKey } from './hub-state.js';
import type { Project } from './lock-and-open.js';
import { LogicPresence, type OpenDocuments, type PresenceOptions } from './logic-presence.js';
import type { Clock, NotificationPolicy } from './notify-policy.js';

export interface OfferContext {
  policy: NotificationPolicy;
  suggestMessage(p: Project): Promise<string>;
  render(): void;
}

export class FinishOffers {
  private readonly presence: LogicPresence;
  private readonly projects = new Map<string, Project>();
  /** Projects Logic closed, with the message offered. */
  private readonly offers = new Map<string, string>();

  constructor(
    docs: OpenDocuments,
    clock: Clock,
    private readonly c: OfferContext,
    o?: PresenceOptions,
  ) {
    this.presence = new LogicPresence(
      docs,
      clock,
      {
        opened: (key) => this.opened(key),
        closed: (key) => void this.closed(key),
        unavailable: (reason) => {
          c.policy.detectionUnavailable(reason);
          c.render();
        },
      },
      o,
    );
  }

  /** Lock & Open opened `bundle`: follow it in Logic. */
  follow(p: Project, bundle: string): void {
    const key = projectKey(p.namespace, p.name);
    // Lock & Open of a project already open only brings it forward: it keeps its state.
    if (this.projects.has(key)) return;
    this.projects.set(key, p);
    this.presence.watch(key, bundle);
  }

  /** Released or pushed and released: nothing to follow or offer any more. */
  end(p: Project): void {
    const key = projectKey(p.namespace, p.name);
    this.presence.forget(key);
    this.projects.delete(key);
    if (this.offers.delete(key)) this.c.policy.logicOfferGone(p);
  }

  shouldRenew(p: Project): boolean {
    return this.presence.shouldRenew(projectKey(p.namespace, p.name));
  }

  /** The message offered for a project Logic closed, if it was. */
  offered(p: Project): string | undefined {
    return this.offers.get(projectKey(p.namespace, p.name));
  }

  /** For the tray: what the app knows of each followed project in Logic. */
  status(): { unavailable: string | null; closed: ReadonlySet<string> } {
    return { unavailable: this.presence.unavailable, closed: new Set(this.offers.keys()) };
  }

  stop(): void {
    this.presence.stop();
  }

  private opened(key: string): void {
    const p = this.projects.get(key);
    if (p && this.offers.delete(key)) {
      this.c.policy.logicOfferGone(p);
      this.c.render();
    }
  }

  private async closed(key: string): Promise<void> {
    const p = this.projects.get(key);
    if (!p) return;
    let message: string;
    try {
      message = await this.c.suggestMessage(p);
    } catch {
      message = `Work on ${p.name}`;
    }
    // Opened again or released while the message was worked out: nothing to offer.
    if (this.presence.stateOf(key) !== 'closed') return;
    this.offers.set(key, message);
    this.c.policy.logicClosed(p, message);
    this.c.render();
  }
}
