// The KPI dashboard: fetches GET /api/dashboard (the same query the page's tables come from) and draws each series
// with chart.js. Numbers show on hover in an HTML tooltip (chart.js "external" tooltip), so they are also in the DOM;
// the tables in <details> under the charts are the text version for screen readers and for browsers without script.
import './dashboard.css';

import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration, type ChartDataset, type TooltipModel,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

interface DashboardConfig {
  api: string;
  locale: string;
  satisfactionTarget: number;
  labels: Record<string, string>;
  roles: Record<string, string>;
}

interface DashboardSeries {
  weeks: {
    labels: string[]; complaints: number[]; onTime: number[]; timeliness: (number | null)[];
    escalations: Record<string, number[]>; reopens: number[];
  };
  months: { labels: string[]; bills: number[]; collectionRate: (number | null)[] };
  quarters: { labels: string[]; surveys: number[]; responses: number[]; satisfaction: (number | null)[] };
  openTasks: { roles: string[]; assigned: number[]; unassigned: number[] };
}

const colors = {
  blue: '#1f5fbf', green: '#2e7d32', amber: '#e0a000', orange: '#e06c00', red: '#c62828', grey: '#8a94a6', teal: '#00838f',
};

const escalationColors: Record<string, string> = { handler: colors.amber, supervisor: colors.orange, manager: colors.red };

const anyAbove0 = (values: (number | null)[]): boolean => values.some(v => v !== null && v > 0);

/** The chart.js "external" tooltip: a positioned element in the chart's box, its text the hovered numbers. */
function htmlTooltip(box: HTMLElement): (args: { chart: Chart; tooltip: TooltipModel<'bar' | 'line'> }) => void {
  const tip = document.createElement('div');
  tip.className = 'pf-chart-tip';
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true'); // the tables carry the numbers for screen readers
  box.appendChild(tip);
  return ({ chart, tooltip }) => {
    if (tooltip.opacity === 0) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = tooltip.title.join(' ');
    tip.appendChild(title);
    for (const line of tooltip.body.flatMap(b => b.lines)) {
      const row = document.createElement('div');
      row.textContent = line;
      tip.appendChild(row);
    }
    // The tip sits in the chart's box (position: relative), the canvas's own parent: caret coordinates apply as they are.
    tip.style.left = `${chart.canvas.offsetLeft + tooltip.caretX}px`;
    tip.style.top = `${chart.canvas.offsetTop + tooltip.caretY}px`;
    tip.hidden = false;
  };
}

function draw(id: string, hasData: boolean, config: ChartConfiguration<'bar' | 'line'>): void {
  const canvas = document.getElementById(id) as HTMLCanvasElement | null;
  const figure = canvas?.closest('figure');
  if (!canvas || !figure) {
    return;
  }
  const box = canvas.parentElement!;
  const empty = figure.querySelector<HTMLElement>('.pf-chart-empty');
  if (!hasData) {
    box.hidden = true;
    if (empty) {
      empty.hidden = false;
    }
    figure.dataset.ready = 'empty';
    return;
  }
  if (empty) {
    empty.hidden = true;
  }
  config.options = {
    ...config.options,
    animation: false, // pictures at once; a dashboard is read, not watched
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      ...config.options?.plugins,
      tooltip: { ...config.options?.plugins?.tooltip, enabled: false, external: htmlTooltip(box) },
    },
  };
  new Chart(canvas, config);
  figure.dataset.ready = 'true';
}

const percentAxis = { min: 0, max: 100, ticks: { callback: (v: string | number) => `${v}%` } };

function render(data: DashboardSeries, config: DashboardConfig): void {
  const t = (key: string): string => config.labels[key] ?? key;
  const percent = (label: string, value: number | null): string => `${label}: ${value === null ? '—' : value.toFixed(1)}`;
  const locale = config.locale;
  const w = data.weeks;

  draw('chart-timeliness', anyAbove0(w.complaints), {
    type: 'bar',
    data: {
      labels: w.labels,
      datasets: [
        {
          type: 'line', label: t('timeliness'), data: w.timeliness, yAxisID: 'y', borderColor: colors.green, backgroundColor: colors.green,
          spanGaps: true, pointRadius: 4,
        } as ChartDataset<'line', (number | null)[]>,
        { type: 'bar', label: t('complaints'), data: w.complaints, yAxisID: 'count', backgroundColor: 'rgba(31, 95, 191, .35)' },
      ] as ChartDataset<'bar' | 'line', (number | null)[]>[],
    },
    options: {
      locale,
      scales: { y: { ...percentAxis, position: 'left' }, count: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 } } },
      plugins: { tooltip: { callbacks: { label: c => (c.dataset.yAxisID === 'y' ? percent(c.dataset.label ?? '', c.raw as number | null) : `${c.dataset.label}: ${c.formattedValue}`) } } },
    },
  });

  draw('chart-escalations', Object.values(w.escalations).some(anyAbove0), {
    type: 'bar',
    data: {
      labels: w.labels,
      datasets: Object.entries(w.escalations).map(([level, values]) => ({ label: t(`level.${level}`), data: values, backgroundColor: escalationColors[level] ?? colors.grey })),
    },
    options: { locale, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw('chart-reopens', anyAbove0(w.complaints), {
    type: 'bar',
    data: { labels: w.labels, datasets: [{ label: t('reopens'), data: w.reopens, backgroundColor: colors.orange }] },
    options: { locale, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw('chart-collection', anyAbove0(data.months.bills), {
    type: 'bar',
    data: { labels: data.months.labels, datasets: [{ label: t('collectionRate'), data: data.months.collectionRate, backgroundColor: colors.blue }] },
    options: { locale, scales: { y: percentAxis }, plugins: { tooltip: { callbacks: { label: c => percent(c.dataset.label ?? '', c.raw as number | null) } } } },
  });

  const q = data.quarters;
  draw('chart-satisfaction', anyAbove0(q.surveys), {
    type: 'bar',
    data: {
      labels: q.labels,
      datasets: [
        { type: 'bar', label: t('satisfaction'), data: q.satisfaction, backgroundColor: colors.teal },
        {
          type: 'line', label: `${t('target')} ${config.satisfactionTarget}%`, data: q.labels.map(() => config.satisfactionTarget),
          borderColor: colors.red, backgroundColor: colors.red, borderDash: [6, 4], pointStyle: 'line', pointRadius: 8, // a mark even for one quarter
        } as ChartDataset<'line', number[]>,
      ] as ChartDataset<'bar' | 'line', (number | null)[]>[],
    },
    options: { locale, scales: { y: percentAxis }, plugins: { tooltip: { callbacks: { label: c => percent(c.dataset.label ?? '', c.raw as number | null) } } } },
  });

  const tasks = data.openTasks;
  draw('chart-tasks', anyAbove0(tasks.assigned) || anyAbove0(tasks.unassigned), {
    type: 'bar',
    data: {
      labels: tasks.roles.map(r => config.roles[r] ?? r),
      datasets: [
        { label: t('assigned'), data: tasks.assigned, backgroundColor: colors.blue },
        { label: t('unassigned'), data: tasks.unassigned, backgroundColor: colors.grey },
      ],
    },
    options: { locale, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

async function start(): Promise<void> {
  const configText = document.getElementById('dashboard-config')?.textContent;
  if (!configText) {
    return;
  }
  const config = JSON.parse(configText) as DashboardConfig;
  try {
    const response = await fetch(config.api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`${response.status}`);
    }
    render((await response.json()) as DashboardSeries, config);
    document.body.dataset.dashboard = 'ready';
  } catch {
    const failed = document.getElementById('dashboard-load-failed');
    if (failed) {
      failed.hidden = false;
    }
    document.body.dataset.dashboard = 'failed';
  }
}

void start();
