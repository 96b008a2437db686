//! The charts, drawn with plotters on canvases sized by the device pixel ratio so they stay crisp:
//! gold revenue and order counts by month and value segment, CDC events per minute by change type,
//! actual against target lag per dynamic table, and refresh durations.

use crate::state::PipelineState;
use crate::views::{ChartData, MonthSeries, RefreshSeries};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Colours for series, in order.
const PALETTE: [RGBColor; 6] = [
    RGBColor(29, 78, 216),
    RGBColor(183, 121, 31),
    RGBColor(21, 128, 61),
    RGBColor(185, 28, 28),
    RGBColor(124, 58, 237),
    RGBColor(100, 116, 139),
];

/// INSERT, UPDATE and DELETE, as the event log colours them.
const CHANGE_COLOURS: [RGBColor; 3] = [
    RGBColor(21, 128, 61),
    RGBColor(180, 83, 9),
    RGBColor(185, 28, 28),
];

/// CSS height of every chart.
const HEIGHT_CSS: f64 = 260.0;

type DrawResult = Result<(), String>;

/// Sizes the canvas's backing store to its CSS size times the pixel ratio; returns the ratio.
fn fit(canvas: &HtmlCanvasElement) -> f64 {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let width = f64::from(canvas.client_width().max(240));
    canvas.set_width((width * ratio) as u32);
    canvas.set_height((HEIGHT_CSS * ratio) as u32);
    ratio
}

fn backend(canvas: &HtmlCanvasElement) -> Result<(CanvasBackend, f64), String> {
    let ratio = fit(canvas);
    CanvasBackend::with_canvas_object(canvas.clone())
        .map(|b| (b, ratio))
        .ok_or_else(|| "no 2D context".to_owned())
}

/// An axis tick: whole numbers without a decimal point (`14000`, not `14000.0`), others with at most
/// two decimals.
fn tick(v: &f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// How much higher than the data the y axis goes so that a legend of `rows` lines, in the upper
/// left corner, sits above every bar and point instead of covering them.
fn headroom(rows: usize) -> f64 {
    // The plot is about 190 CSS px tall; a legend line takes 16 px and its box 12 more.
    let legend = (rows as f64 * 16.0 + 12.0) / 190.0;
    1.0 / (1.0 - legend.min(0.6)) * 1.05
}

/// Bars per label, stacked by series.
fn draw_stacked(
    canvas: &HtmlCanvasElement,
    labels: &[String],
    series: &[(String, Vec<f64>, RGBColor)],
    y_desc: &str,
) -> DrawResult {
    let (backend, r) = backend(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let n = labels.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|s| s.1.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let top = totals.iter().copied().fold(0.0, f64::max).max(1.0) * headroom(series.len());
    let font = |px: f64| ("sans-serif", px * r);
    let mut chart = ChartBuilder::on(&root)
        .margin((8.0 * r) as i32)
        .x_label_area_size((28.0 * r) as i32)
        .y_label_area_size((64.0 * r) as i32)
        .build_cartesian_2d(0f64..n as f64, 0f64..top)
        .map_err(err)?;
    // At most eight labels, and no more than fit side by side (a label takes about 60 CSS px).
    let fit = ((f64::from(canvas.client_width()) - 80.0) / 60.0).max(2.0) as usize;
    let step = n.div_ceil(fit.min(8)).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&|x| {
            let i = x.floor() as usize;
            if i.is_multiple_of(step) {
                labels.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&tick)
        .y_desc(y_desc)
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .draw()
        .map_err(err)?;
    for (name, values, colour) in series {
        let colour = *colour;
        let index = series.iter().position(|s| &s.0 == name).unwrap_or(0);
        let bars = values.iter().enumerate().map(move |(i, v)| {
            let below: f64 = series[..index]
                .iter()
                .map(|s| s.1.get(i).copied().unwrap_or(0.0))
                .sum();
            let x = i as f64;
            Rectangle::new([(x + 0.12, below), (x + 0.88, below + v)], colour.filled())
        });
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(font(11.0))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}

fn draw_months(canvas: &HtmlCanvasElement, data: Option<&MonthSeries>, y_desc: &str) -> DrawResult {
    let Some(m) = data else {
        return Ok(());
    };
    let series: Vec<(String, Vec<f64>, RGBColor)> = m
        .series
        .iter()
        .enumerate()
        .map(|(i, (name, values))| (name.clone(), values.clone(), PALETTE[i % PALETTE.len()]))
        .collect();
    draw_stacked(canvas, &m.months, &series, y_desc)
}

/// How [`draw_lines`] shows a dynamic table's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marks {
    /// A line through the points (lag grows between refreshes), and the target lag as a thin line
    /// in the same colour.
    LineAndTarget,
    /// A stem from zero to each point: refreshes are separate events, nothing lies between them.
    Stems,
}

/// The word for the clock the charts' minutes are on: the tab's virtual clock, or (on an account)
/// real time.
fn clock_word(on_account: bool) -> &'static str {
    if on_account { "" } else { "virtual " }
}

/// One series per dynamic table over minutes of the session's clock.
fn draw_lines(
    canvas: &HtmlCanvasElement,
    series: &[RefreshSeries],
    y_desc: &str,
    marks: Marks,
    on_account: bool,
) -> DrawResult {
    let (backend, r) = backend(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let points = series.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1, mut y1) = (f64::MAX, f64::MIN, 1.0f64);
    for (x, y) in points {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y1 = y1.max(*y);
    }
    if marks == Marks::LineAndTarget {
        for s in series {
            if let Some(t) = s.target_sec {
                y1 = y1.max(t as f64);
            }
        }
    }
    if x0 > x1 {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 - x0 < 1.0 {
        x1 = x0 + 1.0;
    }
    let font = |px: f64| ("sans-serif", px * r);
    let legend_rows = series.len()
        + series
            .iter()
            .filter(|s| marks == Marks::LineAndTarget && s.target_sec.is_some())
            .count();
    let mut chart = ChartBuilder::on(&root)
        .margin((8.0 * r) as i32)
        .x_label_area_size((44.0 * r) as i32)
        .y_label_area_size((64.0 * r) as i32)
        .build_cartesian_2d(x0..x1, 0f64..y1 * headroom(legend_rows))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(format!("{}minutes since start", clock_word(on_account)))
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .y_desc(y_desc)
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .draw()
        .map_err(err)?;
    let stroke = (2.0 * r) as u32;
    for (i, s) in series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let drawn = match marks {
            Marks::LineAndTarget => chart.draw_series(LineSeries::new(
                s.points.iter().copied(),
                colour.stroke_width(stroke),
            )),
            Marks::Stems => chart.draw_series(s.points.iter().map(|&(x, y)| {
                PathElement::new(vec![(x, 0.0), (x, y)], colour.stroke_width(stroke))
            })),
        };
        drawn
            .map_err(err)?
            .label(s.name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], colour.stroke_width(stroke))
            });
        chart
            .draw_series(
                s.points
                    .iter()
                    .map(|p| Circle::new(*p, (2.5 * r) as u32, colour.filled())),
            )
            .map_err(err)?;
        if marks == Marks::LineAndTarget
            && let Some(t) = s.target_sec
        {
            chart
                .draw_series(LineSeries::new(
                    [(x0, t as f64), (x1, t as f64)],
                    colour.mix(0.5).stroke_width((r as u32).max(1)),
                ))
                .map_err(err)?
                .label(format!("{} target", s.name))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], colour.mix(0.5)));
        }
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(font(11.0))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)
}

/// Which chart a canvas shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Revenue,
    Orders,
    Events,
    Lag,
    Durations,
}

impl Kind {
    fn id(self) -> &'static str {
        match self {
            Kind::Revenue => "chart-revenue",
            Kind::Orders => "chart-orders",
            Kind::Events => "chart-events",
            Kind::Lag => "chart-lag",
            Kind::Durations => "chart-durations",
        }
    }

    fn title(self, on_account: bool) -> String {
        match self {
            Kind::Revenue => "Gold revenue by month and value segment".to_owned(),
            Kind::Orders => "Orders by month and value segment".to_owned(),
            Kind::Events => format!("CDC events per {}minute", clock_word(on_account)),
            Kind::Lag => {
                "Actual lag against target lag (peaks: just before a refresh commits)".to_owned()
            }
            Kind::Durations => "Refresh durations".to_owned(),
        }
    }

    /// Whether there is something to draw, and a sentence summing it up for screen readers.
    fn summary(self, d: &ChartData, on_account: bool) -> (bool, String) {
        let months = |m: &Option<MonthSeries>, what: &str| match m {
            Some(m) if !m.months.is_empty() => {
                let total: f64 = m.series.iter().flat_map(|s| s.1.iter()).sum();
                (
                    true,
                    format!("{} months, {what} {total:.2} in all.", m.months.len()),
                )
            }
            _ => (
                false,
                "Needs a dynamic table with ORDER_YEAR, ORDER_MONTH and TOTAL_REVENUE columns \
                 that has rows."
                    .to_owned(),
            ),
        };
        match self {
            Kind::Revenue => months(&d.revenue, "revenue"),
            Kind::Orders => months(&d.orders, "orders"),
            Kind::Events => {
                let total: u32 = d
                    .events_per_minute
                    .iter()
                    .map(|(_, c)| c.iter().sum::<u32>())
                    .sum();
                (
                    !d.events_per_minute.is_empty(),
                    format!(
                        "{total} CDC events since the start, in {} bars of {} {}minute{}.",
                        d.events_per_minute.len(),
                        d.minutes_per_bar,
                        clock_word(on_account),
                        if d.minutes_per_bar == 1 { "" } else { "s" }
                    ),
                )
            }
            Kind::Lag | Kind::Durations => {
                let series = if self == Kind::Lag {
                    &d.lag
                } else {
                    &d.durations
                };
                let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
                let (first, last) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
                (
                    first <= last,
                    format!(
                        "{} dynamic tables, from {}minute {first:.0} to {last:.0}.",
                        series.len(),
                        clock_word(on_account)
                    ),
                )
            }
        }
    }

    /// Where each series starts (minutes since the start), e.g. `ORDERS_DERIVED=1.00 …`, so that
    /// a test can check that a chart covers the whole session; the minutes the bars of the events
    /// chart count, for it.
    fn starts(self, d: &ChartData) -> String {
        let series = match self {
            Kind::Lag => &d.lag,
            Kind::Durations => &d.durations,
            Kind::Events => {
                return format!(
                    "bars={} minutes-per-bar={}",
                    d.events_per_minute.len(),
                    d.minutes_per_bar
                );
            }
            Kind::Revenue | Kind::Orders => return String::new(),
        };
        series
            .iter()
            .filter_map(|s| s.points.first().map(|p| format!("{}={:.2}", s.name, p.0)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn draw(self, canvas: &HtmlCanvasElement, d: &ChartData, on_account: bool) -> DrawResult {
        match self {
            Kind::Revenue => draw_months(canvas, d.revenue.as_ref(), "revenue"),
            Kind::Orders => draw_months(canvas, d.orders.as_ref(), "orders"),
            Kind::Events => {
                let labels: Vec<String> = d.events_per_minute.iter().map(|e| e.0.clone()).collect();
                let series: Vec<(String, Vec<f64>, RGBColor)> = ["INSERT", "UPDATE", "DELETE"]
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        (
                            (*name).to_owned(),
                            d.events_per_minute
                                .iter()
                                .map(|e| f64::from(e.1[i]))
                                .collect(),
                            CHANGE_COLOURS[i],
                        )
                    })
                    .collect();
                draw_stacked(canvas, &labels, &series, "events")
            }
            Kind::Lag => draw_lines(canvas, &d.lag, "lag (s)", Marks::LineAndTarget, on_account),
            Kind::Durations => draw_lines(
                canvas,
                &d.durations,
                "duration (ms)",
                Marks::Stems,
                on_account,
            ),
        }
    }
}

#[component]
fn Chart(state: PipelineState, kind: Kind) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    let on_account = move || state.on_snowflake();
    let summary = Memo::new(move |_| state.charts.with(|d| kind.summary(d, on_account())));
    Effect::new(move |_| {
        let Some(el) = canvas.get() else {
            return;
        };
        let has = summary.with(|s| s.0);
        state.charts.with(|d| {
            if has {
                failure.set(kind.draw(&el, d, on_account()).err());
            }
        });
    });
    let title_id = format!("{}-title", kind.id());
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart" aria-labelledby=labelled_by>
            <figcaption id=title_id>{move || kind.title(on_account())}</figcaption>
            <canvas
                id=kind.id()
                node_ref=canvas
                role="img"
                aria-label=move || {
                    format!("{}: {}", kind.title(on_account()), summary.with(|s| s.1.clone()))
                }
                class:empty=move || !summary.with(|s| s.0)
                data-starts=move || state.charts.with(|d| kind.starts(d))
            ></canvas>
            <p class="chart-note">
                {move || {
                    failure
                        .get()
                        .map(|e| format!("Could not draw: {e}"))
                        .unwrap_or_else(|| summary.with(|s| s.1.clone()))
                }}
            </p>
        </figure>
    }
}

#[component]
pub fn Charts(state: PipelineState) -> impl IntoView {
    view! {
        <section class="charts" aria-label="Charts">
            <Chart state kind=Kind::Revenue />
            <Chart state kind=Kind::Orders />
            <Chart state kind=Kind::Events />
            <Chart state kind=Kind::Lag />
            <Chart state kind=Kind::Durations />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{headroom, tick};

    #[test]
    fn a_legend_gets_room_above_the_data() {
        // Four legend lines (two tables and their targets) take about 40% of the plot's height.
        let top = headroom(4);
        assert!(1.0 / top < 0.62 && 1.0 / top > 0.5, "{top}");
        assert!(headroom(1) < headroom(4));
    }

    #[test]
    fn axis_ticks_drop_a_needless_decimal_point() {
        assert_eq!(tick(&14000.0), "14000");
        assert_eq!(tick(&0.0), "0");
        assert_eq!(tick(&2.5), "2.5");
        assert_eq!(tick(&0.25), "0.25");
        assert_eq!(tick(&(1.0 / 3.0)), "0.33");
    }
}
