//! Questions' vectors, indexed for grouping gaps by meaning: the first
//! vector added whose cosine with a question's reaches a bar (the group it
//! joins), and every one that does (the questions a settled one takes off
//! the list), without comparing it with each.
//!
//! Up to [`EXACT_UP_TO`] vectors are simply compared with each one: there
//! the index costs more than it saves, and the answer is exact. Past that,
//! random-hyperplane hashing (SimHash) of the vectors less their mean, in
//! [`TABLES`] tables of about log₂ n bits (a couple of vectors a bucket):
//! two vectors within the bar's angle share a bucket in some table with high
//! probability, two unrelated ones rarely, and only those sharing one are
//! compared, exactly. The cost grows with the candidates, about `TABLES × 2`
//! a vector, not with every pair. A pair just at the bar may be missed, the
//! more so the more a model's vectors crowd together (the two questions are
//! then listed apart: the lesser harm, as `meaning::SAME_QUESTION` says);
//! wordings well above it are found.

use std::collections::HashMap;
use std::sync::Arc;

use crate::semantic::calibrate::dot;

/// Vectors compared one by one at most; past this many, hashed.
pub const EXACT_UP_TO: usize = 1000;
/// Hash tables: more find more of the pairs near the bar, and cost more.
const TABLES: usize = 64;
/// Hyperplanes per table at most (keys are 16 bits); fewest 6.
const MOST_BITS: u32 = 16;
/// Coordinates each hyperplane reads (sparse random projections: the
/// hash costs `TABLES × bits × COORDINATES` additions per vector, whatever
/// the dimension).
const COORDINATES: usize = 32;

/// More than a dot product in lanes and one summed in order ever differ by,
/// for unit vectors.
const ROUNDING: f32 = 1e-3;

/// A dot product summed in eight lanes, which the compiler vectorizes: the
/// same as [`dot`] but for rounding.
fn rough_dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Vectors added so far, by the caller's ids, in the order added.
pub struct Nearby {
    bar: f32,
    dimension: usize,
    ids: Vec<usize>,
    vectors: Vec<Arc<Vec<f32>>>,
    hashing: Option<Hashing>,
}

impl Nearby {
    /// For vectors of `all`'s dimension (the first's; others are never
    /// close), hashed when there are more than `exact_up_to`.
    pub fn new(bar: f32, all: &[&[f32]], exact_up_to: usize) -> Self {
        let dimension = all.first().map_or(0, |v| v.len());
        let hashing = (all.len() > exact_up_to && dimension > 0).then(|| {
            // About two vectors a bucket.
            let bits = (all.len().max(2).ilog2()).clamp(6, MOST_BITS);
            Hashing::new(
                dimension,
                bits as usize,
                all.iter().filter(|v| v.len() == dimension),
            )
        });
        Self {
            bar,
            dimension,
            ids: Vec::new(),
            vectors: Vec::new(),
            hashing,
        }
    }

    pub fn add(&mut self, id: usize, vector: Arc<Vec<f32>>) {
        if vector.len() != self.dimension {
            return;
        }
        let keys = self.hashing.as_ref().map(|h| h.keys(&vector));
        self.insert(id, vector, keys);
    }

    fn insert(&mut self, id: usize, vector: Arc<Vec<f32>>, keys: Option<Vec<u16>>) {
        let position = self.vectors.len() as u32;
        if let (Some(hashing), Some(keys)) = (&mut self.hashing, keys) {
            for (table, key) in hashing.tables.iter_mut().zip(keys) {
                table.entry(key).or_default().push(position);
            }
        }
        self.ids.push(id);
        self.vectors.push(vector);
    }

    /// The id of the first vector added that is close to `vector`; when
    /// there is none, `vector` is added under `id` (hashed once for both).
    pub fn join_or_add(&mut self, id: usize, vector: Arc<Vec<f32>>) -> Option<usize> {
        if vector.len() != self.dimension {
            return None;
        }
        let keys = self.hashing.as_ref().map(|h| h.keys(&vector));
        let found = match (&self.hashing, &keys) {
            (Some(hashing), Some(keys)) => hashing
                .candidates(keys)
                .into_iter()
                .find(|&p| self.close(p, &vector)),
            _ => (0..self.vectors.len()).find(|&p| self.close(p, &vector)),
        };
        match found {
            Some(position) => Some(self.ids[position]),
            None => {
                self.insert(id, vector, keys);
                None
            }
        }
    }

    /// Whether the vector at `position` reaches the bar with `vector`: by
    /// the same dot product as the similarity's, computed only where a
    /// faster one (in lanes, rounded otherwise) comes near the bar.
    fn close(&self, position: usize, vector: &[f32]) -> bool {
        let other = &self.vectors[position];
        rough_dot(other, vector) >= self.bar - ROUNDING && dot(other, vector) >= self.bar
    }

    /// Calls `each` with the id of every vector added that is close to
    /// `vector`, in no particular order.
    pub fn each_close(&self, vector: &[f32], mut each: impl FnMut(usize)) {
        if vector.len() != self.dimension {
            return;
        }
        match &self.hashing {
            None => (0..self.vectors.len())
                .filter(|&p| self.close(p, vector))
                .for_each(|p| each(self.ids[p])),
            Some(hashing) => hashing
                .candidates(&hashing.keys(vector))
                .into_iter()
                .filter(|&p| self.close(p, vector))
                .for_each(|p| each(self.ids[p])),
        }
    }
}

/// One sparse hyperplane: the coordinates it reads, added or taken away.
struct Plane {
    plus: Vec<usize>,
    minus: Vec<usize>,
    /// The mean vector's side of it, taken off every vector's.
    offset: f32,
}

impl Plane {
    fn side(&self, vector: &[f32]) -> f32 {
        let plus: f32 = self.plus.iter().map(|&i| vector[i]).sum();
        let minus: f32 = self.minus.iter().map(|&i| vector[i]).sum();
        plus - minus
    }
}

struct Hashing {
    bits: usize,
    planes: Vec<Plane>,
    /// Per table: bucket → positions of the vectors in it.
    tables: Vec<HashMap<u16, Vec<u32>>>,
}

impl Hashing {
    /// Hyperplanes drawn from a fixed seed (the same groups every run),
    /// centred on the mean of `vectors`: embeddings crowd around a common
    /// direction, and hyperplanes through it would split little.
    fn new<'a>(
        dimension: usize,
        bits: usize,
        vectors: impl Iterator<Item = &'a &'a [f32]>,
    ) -> Self {
        let mut mean = vec![0.0f32; dimension];
        let mut n = 0usize;
        for vector in vectors {
            for (m, x) in mean.iter_mut().zip(vector.iter()) {
                *m += x;
            }
            n += 1;
        }
        for m in &mut mean {
            *m /= n.max(1) as f32;
        }
        let mut seed = SplitMix(0x6d69_7373_696f_6e62);
        let planes = (0..TABLES * bits)
            .map(|_| {
                let mut plane = Plane {
                    plus: Vec::new(),
                    minus: Vec::new(),
                    offset: 0.0,
                };
                for _ in 0..COORDINATES.min(dimension) {
                    let drawn = seed.next();
                    let coordinate = (drawn >> 1) as usize % dimension;
                    match drawn & 1 == 1 {
                        true => plane.plus.push(coordinate),
                        false => plane.minus.push(coordinate),
                    }
                }
                plane.offset = plane.side(&mean);
                plane
            })
            .collect();
        Self {
            bits,
            planes,
            tables: vec![HashMap::new(); TABLES],
        }
    }

    /// The vector's bucket in each table.
    fn keys(&self, vector: &[f32]) -> Vec<u16> {
        self.planes
            .chunks(self.bits)
            .map(|table| {
                table.iter().fold(0u16, |key, plane| {
                    (key << 1) | u16::from(plane.side(vector) >= plane.offset)
                })
            })
            .collect()
    }

    /// Positions sharing a bucket (`keys`) in any table, each once, in the
    /// order added.
    fn candidates(&self, keys: &[u16]) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .tables
            .iter()
            .zip(keys)
            .filter_map(|(table, key)| table.get(key))
            .flatten()
            .map(|&p| p as usize)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// A small fixed-seed generator (splitmix64): the hyperplanes need to be
/// the same every run, not unpredictable.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clusters` topics of `size` wordings each: unit vectors of dimension
    /// `dimension` around a random centre, each wording at cosine ≥ 0.95
    /// with it, in the order the topics come up (interleaved).
    fn clustered(clusters: usize, size: usize, dimension: usize) -> Vec<Arc<Vec<f32>>> {
        let mut random = SplitMix(7);
        let mut uniform = move || (random.next() >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0;
        let unit = |v: Vec<f32>| {
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.into_iter().map(|x| x / norm).collect::<Vec<f32>>()
        };
        let centres: Vec<Vec<f32>> = (0..clusters)
            .map(|_| unit((0..dimension).map(|_| uniform()).collect()))
            .collect();
        let mut out = Vec::new();
        for _ in 0..size {
            for centre in &centres {
                let noise = unit((0..dimension).map(|_| uniform()).collect());
                let v = centre
                    .iter()
                    .zip(&noise)
                    .map(|(c, n)| c + 0.15 * n)
                    .collect();
                out.push(Arc::new(unit(v)));
            }
        }
        out
    }

    /// Each vector's group: the first earlier representative close to it.
    fn groups(vectors: &[Arc<Vec<f32>>], exact_up_to: usize) -> Vec<usize> {
        let all: Vec<&[f32]> = vectors.iter().map(|v| v.as_slice()).collect();
        let mut nearby = Nearby::new(0.92, &all, exact_up_to);
        let mut groups = Vec::new();
        for (i, vector) in vectors.iter().enumerate() {
            groups.push(nearby.join_or_add(i, vector.clone()).unwrap_or(i));
        }
        groups
    }

    #[test]
    fn hashing_finds_the_groups_comparing_every_pair_finds() {
        let vectors = clustered(300, 5, 64);
        let exact = groups(&vectors, usize::MAX);
        assert_eq!(
            exact.iter().collect::<std::collections::HashSet<_>>().len(),
            300,
            "the fixture's topics are apart and its wordings close"
        );
        assert_eq!(groups(&vectors, 0), exact);
    }

    #[test]
    fn the_dot_product_in_lanes_differs_from_the_ordered_one_by_rounding_only() {
        for dimension in [3, 16, 385] {
            let vectors = clustered(20, 1, dimension);
            for (a, b) in vectors.iter().zip(vectors.iter().skip(1)) {
                let (rough, exact) = (rough_dot(a, b), dot(a, b));
                assert!((rough - exact).abs() < ROUNDING / 100.0, "{rough} {exact}");
            }
        }
    }

    #[test]
    fn every_close_vector_is_found_and_no_other() {
        let vectors = clustered(400, 4, 48);
        let all: Vec<&[f32]> = vectors.iter().map(|v| v.as_slice()).collect();
        let mut exact = Nearby::new(0.92, &all, usize::MAX);
        let mut hashed = Nearby::new(0.92, &all, 0);
        for (i, vector) in vectors.iter().enumerate() {
            exact.add(i, vector.clone());
            hashed.add(i, vector.clone());
        }
        for vector in vectors.iter().take(50) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            exact.each_close(vector, |id| a.push(id));
            hashed.each_close(vector, |id| b.push(id));
            b.sort_unstable();
            assert_eq!(a.len(), 4, "its topic's four wordings");
            assert_eq!(a, b);
        }
        assert_eq!(
            hashed.join_or_add(0, Arc::new(vec![1.0; 3])),
            None,
            "another dimension"
        );
    }
}
