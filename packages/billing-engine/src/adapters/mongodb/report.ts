import { fromInt64, int64 } from '@jyotishconnect/core/mongodb';
import type { Document, Long } from 'mongodb';
import type { ReportQuery, ReportRow } from '../../report.js';
import type { BillingCollections } from './schema.js';

/** One row of the report pipeline: int64 sums, or an int32 zero when nothing was summed. */
type ReportDoc = { _id: string } & { [K in Exclude<keyof ReportRow, 'key'>]: Long | number };

/**
 * A report in one aggregation, mirroring `reportOf` (`report.ts`) and the SQL
 * adapter's query: sessions accepted in the window (of one consultant when
 * named), grouped by their day in the time zone or by consultant.
 */
export async function sessionReport(c: BillingCollections, query: ReportQuery): Promise<ReportRow[]> {
  const match: Document = { acceptedAt: { $gte: int64(query.from), $lt: int64(query.to) } };
  if (query.consultantId !== null) match.consultantId = query.consultantId;
  const day = { $dateToString: { format: '%Y-%m-%d', date: { $toDate: '$acceptedAt' }, timezone: query.timeZone } };
  const wholeSeconds = { $toLong: { $floor: { $divide: ['$servedMs', 1000] } } };
  const pipeline: Document[] = [
    { $match: match },
    {
      $group: {
        _id: query.groupBy === 'consultant' ? '$consultantId' : day,
        sessions: { $sum: 1 },
        seconds: { $sum: wholeSeconds },
        userCharged: { $sum: '$userCharged' },
        promoCharged: { $sum: '$promoCharged' },
        consultantShare: { $sum: '$consultantShare' },
        commission: { $sum: '$commission' },
      },
    },
    { $sort: { _id: 1 } },
  ];
  const docs = await c.sessions.aggregate<ReportDoc>(pipeline).toArray();
  return docs.map((doc) => ({
    key: doc._id,
    sessions: fromInt64(doc.sessions),
    seconds: fromInt64(doc.seconds),
    userCharged: fromInt64(doc.userCharged),
    promoCharged: fromInt64(doc.promoCharged),
    consultantShare: fromInt64(doc.consultantShare),
    commission: fromInt64(doc.commission),
  }));
}
