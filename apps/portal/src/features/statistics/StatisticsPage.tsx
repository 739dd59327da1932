import type { StaffSession, StatisticsReport } from '@videotermin/contracts'
import type { MessageKey } from '@videotermin/i18n'
import { type FormEvent, type ReactNode, useState } from 'react'
import { Layout } from '../../components/Layout.tsx'
import { useI18n } from '../../i18n/i18n.tsx'
import { BarChart, type ChartRow } from './BarChart.tsx'
import { DailyChart } from './DailyChart.tsx'
import { type DateRange, isValidRange, lastThirtyDays, useStatistics } from './hooks/useStatistics.ts'
import './statistics.css'

const CONNECTION_KEY: Record<string, MessageKey> = {
  udp: 'statistics.connectionUdp',
  tcp: 'statistics.connectionTcp',
  turn: 'statistics.connectionTurn',
  none: 'statistics.connectionNone',
}

/**
 * `/staff/statistics` (admins): anonymous daily figures of the organisation for a chosen
 * period, as charts and as tables. Loaded lazily, so no other page carries the chart code.
 */
export default function StatisticsPage({ session, nav }: { session: StaffSession; nav?: ReactNode }) {
  const { t } = useI18n()
  const [range, setRange] = useState<DateRange>(() => lastThirtyDays(new Date(), session.user.organisation.timeZone))
  const [invalid, setInvalid] = useState(false)
  const statistics = useStatistics(range)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const next = { from: String(form.get('from')), to: String(form.get('to')) }
    setInvalid(!isValidRange(next))
    if (isValidRange(next)) setRange(next)
  }

  return (
    <Layout wide>
      {nav}
      <h1>{t('statistics.title')}</h1>
      <p>{t('statistics.intro')}</p>
      <form className="statistics-range" onSubmit={submit} noValidate aria-label={t('statistics.range')}>
        <label>
          {t('statistics.from')}
          <input type="date" name="from" defaultValue={range.from} required />
        </label>
        <label>
          {t('statistics.to')}
          <input type="date" name="to" defaultValue={range.to} required />
        </label>
        <button type="submit" className="button-primary">
          {t('statistics.show')}
        </button>
      </form>
      {invalid && (
        <p role="alert" className="error">
          {t('statistics.invalidRange')}
        </p>
      )}
      <div aria-live="polite" aria-busy={statistics.state === 'loading'}>
        {statistics.state === 'loading' && <p>{t('common.loading')}</p>}
        {statistics.state === 'failed' && (
          <p role="alert" className="error">
            {t('statistics.loadFailed')}
          </p>
        )}
        {statistics.state === 'loaded' && <Report report={statistics.report} />}
      </div>
    </Layout>
  )
}

function Report({ report }: { report: StatisticsReport }) {
  const { t } = useI18n()
  const small = t('statistics.small')
  const show = (count: number | string) => (typeof count === 'number' ? String(count) : small)
  const labels = { category: t('statistics.category'), count: t('statistics.count'), small }
  const family = (key: string) =>
    key === 'other' ? t('statistics.other') : key === 'unknown' ? t('statistics.unknown') : key
  const named = (items: StatisticsReport['browsers'], label: (key: string) => string): ChartRow[] =>
    items.map((item) => ({ label: label(item.key), count: item.count }))

  if (report.days.length === 0) return <p>{t('statistics.empty')}</p>
  return (
    <>
      <section aria-labelledby="statistics-overview">
        <h2 id="statistics-overview">{t('statistics.overview')}</h2>
        <dl className="statistics-overview">
          <div>
            <dt>{t('statistics.held')}</dt>
            <dd>{show(report.totals.appointmentsHeld)}</dd>
          </div>
          <div>
            <dt>{t('statistics.noShows')}</dt>
            <dd>{show(report.totals.noShows)}</dd>
          </div>
          <div>
            <dt>{t('statistics.cancellations')}</dt>
            <dd>{show(report.totals.cancellations)}</dd>
          </div>
        </dl>
        <p className="hint">{t('statistics.chartNote')}</p>
        <DailyChart days={report.days} />
      </section>
      <section aria-labelledby="statistics-devices">
        <h2 id="statistics-devices">{t('statistics.deviceChecks')}</h2>
        <BarChart
          title={t('statistics.deviceChecks')}
          labels={labels}
          rows={[
            { label: t('statistics.green'), count: report.deviceChecks.green, tone: 'green' },
            { label: t('statistics.yellow'), count: report.deviceChecks.yellow, tone: 'yellow' },
            { label: t('statistics.red'), count: report.deviceChecks.red, tone: 'red' },
          ]}
        />
        <BarChart
          title={t('statistics.connections')}
          labels={labels}
          rows={named(report.connections, (key) => t(CONNECTION_KEY[key] ?? 'statistics.unknown'))}
        />
        <BarChart title={t('statistics.browsers')} labels={labels} rows={named(report.browsers, family)} />
        <BarChart
          title={t('statistics.operatingSystems')}
          labels={labels}
          rows={named(report.operatingSystems, family)}
        />
      </section>
      <section aria-labelledby="statistics-survey">
        <h2 id="statistics-survey">{t('statistics.survey')}</h2>
        <dl className="statistics-overview">
          <div>
            <dt>{t('statistics.responses')}</dt>
            <dd>{show(report.survey.responses)}</dd>
          </div>
          <div>
            <dt>{t('statistics.satisfaction')}</dt>
            <dd>{report.survey.satisfactionAverage ?? t('statistics.notShown')}</dd>
          </div>
          <div>
            <dt>{t('statistics.avQuality')}</dt>
            <dd>{report.survey.avQualityAverage ?? t('statistics.notShown')}</dd>
          </div>
        </dl>
        <BarChart
          title={t('statistics.useAgain')}
          labels={labels}
          rows={[
            { label: t('statistics.yes'), count: report.survey.useAgain.yes },
            { label: t('statistics.no'), count: report.survey.useAgain.no },
            { label: t('statistics.unsure'), count: report.survey.useAgain.unsure },
          ]}
        />
      </section>
    </>
  )
}
