import type { DeviceCheckMeasurement, DeviceCheckResult, Traffic } from '@videotermin/contracts'
import type { Db } from '@videotermin/db'
import type { DeviceDescription } from './user-agent.ts'

export async function insertDeviceCheck(
  db: Db,
  values: {
    participantId: string
    overall: Traffic
    measurement: DeviceCheckMeasurement
    device: DeviceDescription
    ipAddress: string | null
  },
) {
  return db
    .insertInto('device_checks')
    .values({
      participant_id: values.participantId,
      overall: values.overall,
      measurement: JSON.stringify(values.measurement),
      browser: values.device.browser,
      os: values.device.os,
      device_type: values.device.deviceType,
      ip_address: values.ipAddress,
    })
    .returning(['created_at'])
    .executeTakeFirstOrThrow()
}

/** The latest device check of each given participant. */
export async function latestDeviceChecks(db: Db, participantIds: string[]): Promise<Map<string, DeviceCheckResult>> {
  if (participantIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('device_checks')
    .distinctOn('participant_id')
    .select(['participant_id', 'overall', 'measurement', 'browser', 'os', 'device_type', 'created_at'])
    .where('participant_id', 'in', participantIds)
    .orderBy('participant_id')
    .orderBy('created_at', 'desc')
    .execute()
  return new Map(
    rows.map((row) => [
      row.participant_id,
      {
        overall: row.overall,
        measurement: row.measurement as DeviceCheckMeasurement,
        browser: row.browser,
        os: row.os,
        deviceType: row.device_type,
        checkedAt: row.created_at.toISOString(),
      },
    ]),
  )
}
