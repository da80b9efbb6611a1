import { sql } from 'kysely';
import { commandLineActor, type OrganizationRef, type Services } from '../context.ts';
import { writeEvent } from '../events/write-event.ts';
import { type SubscriptionRow, subscriptionViews } from './subscription-view.ts';

/**
 * A subscription ends when its end date passes, without a change of its own: the daily job notices it
 * here and writes `subscription.ended`, its data the subscription as GET answers it (status `ended`),
 * once per end date (the notice's key; concurrent workers insert it once). Answers how many it noticed.
 */
export async function noticeEndedSubscriptions(
  services: Services,
  organization: OrganizationRef,
  today: string,
): Promise<number> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (tx) => {
    const noticed = await sql<{ subscription_id: string }>`
      insert into subscription_end_notices (organization_id, subscription_id, end_date, noticed_at)
      select s.organization_id, s.id, s.end_date, ${now}::timestamptz from subscriptions s
      where s.organization_id = ${organization.id} and s.end_date is not null and s.end_date <= ${today}::date
        and not exists (select 1 from subscription_end_notices n where n.organization_id = s.organization_id
          and n.subscription_id = s.id and n.end_date = s.end_date)
      on conflict do nothing
      returning subscription_id`.execute(tx);
    if (noticed.rows.length === 0) return 0;
    const rows = (await tx
      .selectFrom('subscriptions')
      .selectAll()
      .where('organization_id', '=', organization.id)
      .where(
        'id',
        'in',
        noticed.rows.map((r) => r.subscription_id),
      )
      .orderBy('id')
      .execute()) as SubscriptionRow[];
    const views = await subscriptionViews(
      { db: tx, clock: services.clock, actor: commandLineActor(organization) },
      rows,
    );
    for (const view of views)
      await writeEvent(tx, organization.id, now, {
        type: 'subscription.ended',
        entityType: 'subscription',
        entityId: view.uuid,
        payload: view,
      });
    return views.length;
  });
}
