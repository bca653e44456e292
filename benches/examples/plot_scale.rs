//! Draws `benches/scale.png` from the figures `cargo bench -- scale` wrote to
//! `target/missionbot-bench/scale.csv`: search latency (median) and index build
//! time against the knowledge's size, both axes logarithmic.
//!
//! ```text
//! cargo bench -- scale && cargo run -p missionbot-bench --features plot --example plot_scale
//! ```
//!
//! Labels need a TrueType font: DejaVu Sans from Debian's `fonts-dejavu-core`
//! (or the file in `$MISSIONBOT_PLOT_FONT`). Without one the plot is drawn
//! without text, and the legend is the one in BENCHMARKS.md.

use std::path::PathBuf;

use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 560;
const FONTS: [&str; 2] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

/// One row of scale.csv, times in seconds.
struct Row {
    passages: f64,
    search: f64,
    build: f64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| package_dir().join("..").join("target"));
    let csv_path = target.join("missionbot-bench").join("scale.csv");
    let csv = std::fs::read_to_string(&csv_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; run `cargo bench -- scale` first",
            csv_path.display()
        )
    })?;
    let rows: Vec<Row> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let v: Vec<f64> = line.split(',').filter_map(|x| x.parse().ok()).collect();
            (v.len() >= 4).then(|| Row {
                passages: v[0],
                search: v[1] / 1e9,
                build: v[3] / 1e9,
            })
        })
        .collect();
    if rows.is_empty() {
        return Err(format!("{} has no rows", csv_path.display()).into());
    }
    let labels = register_font();
    if !labels {
        eprintln!(
            "no TrueType font found (apt-get install fonts-dejavu-core): drawing without text"
        );
    }

    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let x_max = rows.iter().map(|r| r.passages).fold(1.0, f64::max) * 2.0;
        let times = rows.iter().flat_map(|r| [r.search, r.build]);
        let y_min = times.clone().fold(f64::MAX, f64::min) / 3.0;
        let y_max = times.fold(0.0, f64::max) * 3.0;
        let mut builder = ChartBuilder::on(&root);
        builder.margin(20);
        if labels {
            builder
                .caption(
                    "missionbot: cost against knowledge size",
                    ("sans-serif", 24),
                )
                .x_label_area_size(45)
                .y_label_area_size(80);
        }
        let mut chart =
            builder.build_cartesian_2d((50.0..x_max).log_scale(), (y_min..y_max).log_scale())?;
        let mut mesh = chart.configure_mesh();
        if labels {
            mesh.x_desc("passages")
                .y_desc("seconds")
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&|y| seconds(*y));
        } else {
            mesh.disable_x_axis().disable_y_axis();
        }
        mesh.draw()?;
        let series = [
            (
                "search, median per query",
                BLUE,
                rows.iter()
                    .map(|r| (r.passages, r.search))
                    .collect::<Vec<_>>(),
            ),
            (
                "index build",
                RED,
                rows.iter().map(|r| (r.passages, r.build)).collect(),
            ),
        ];
        for (name, color, points) in series {
            let drawn =
                chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?;
            if labels {
                drawn.label(name).legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2))
                });
            }
            chart.draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 4, color.filled())),
            )?;
        }
        if labels {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()?;
        }
        root.present()?;
    }

    let out = package_dir().join("scale.png");
    let file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let mut encoder = png::Encoder::new(file, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// `benches/`, this package's directory in the repository.
fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Registers DejaVu Sans as plotters' "sans-serif"; false when none is found.
fn register_font() -> bool {
    let candidates = std::env::var("MISSIONBOT_PLOT_FONT")
        .ok()
        .into_iter()
        .chain(FONTS.iter().map(|s| s.to_string()));
    for path in candidates {
        if let Ok(bytes) = std::fs::read(&path) {
            // plotters keeps fonts for the whole run.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
                return true;
            }
        }
    }
    false
}

/// "20 µs", "3 ms", "1.5 s".
fn seconds(s: f64) -> String {
    if s < 1e-3 {
        format!("{:.0} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.1} s")
    }
}
