//! The actor network: actors as nodes and, until events are stored, co-occurrence in a
//! document as edges, filtered by actor kind and publication date; laid out on a circle as
//! inline SVG so the page needs no script.

use std::collections::HashMap;

use chrono::NaiveDate;
use dossier_core::EntityKind;
use serde::Serialize;

use crate::corpus::Corpus;
use crate::html::Html;
use crate::render::kind_class;

/// One node.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Node {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) kind: EntityKind,
    /// Documents in the filtered range mentioning it.
    pub(crate) documents: u64,
}

/// One edge between two nodes (indexes into the node list).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Edge {
    pub(crate) source: usize,
    pub(crate) target: usize,
    /// Documents mentioning both.
    pub(crate) weight: u64,
}

/// The filtered network.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Network {
    pub(crate) nodes: Vec<Node>,
    pub(crate) edges: Vec<Edge>,
}

/// The `limit` actors of `kind` mentioned in most documents published between `from` and
/// `to` (undated documents count only without a date filter), and their co-occurrences.
pub(crate) fn network(
    corpus: &Corpus,
    kind: Option<EntityKind>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    limit: usize,
) -> Network {
    let in_range = |doc_idx: usize| {
        if from.is_none() && to.is_none() {
            return true;
        }
        let Some(date) = corpus.docs.get(doc_idx).and_then(|doc| doc.published) else {
            return false;
        };
        from.is_none_or(|from| date >= from) && to.is_none_or(|to| date <= to)
    };
    let wanted = |actor_idx: usize| {
        corpus
            .actors
            .get(actor_idx)
            .is_some_and(|actor| kind.is_none_or(|kind| actor.kind == kind))
    };
    let mut doc_counts: HashMap<usize, u64> = HashMap::new();
    for (doc_idx, actors) in corpus.doc_actors.iter().enumerate() {
        if !in_range(doc_idx) {
            continue;
        }
        for &actor in actors.iter().filter(|&&a| wanted(a)) {
            *doc_counts.entry(actor).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, u64)> = doc_counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(limit);
    let position: HashMap<usize, usize> = ranked
        .iter()
        .enumerate()
        .map(|(node, (actor, _))| (*actor, node))
        .collect();
    let mut weights: HashMap<(usize, usize), u64> = HashMap::new();
    for (doc_idx, actors) in corpus.doc_actors.iter().enumerate() {
        if !in_range(doc_idx) {
            continue;
        }
        let nodes: Vec<usize> = actors
            .iter()
            .filter_map(|a| position.get(a).copied())
            .collect();
        for (i, &a) in nodes.iter().enumerate() {
            for &b in nodes.iter().skip(i + 1) {
                *weights.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let nodes = ranked
        .iter()
        .filter_map(|&(actor, documents)| {
            let actor = corpus.actors.get(actor)?;
            Some(Node {
                key: actor.key.clone(),
                name: actor.name.clone(),
                kind: actor.kind,
                documents,
            })
        })
        .collect();
    let mut edges: Vec<Edge> = weights
        .into_iter()
        .map(|((source, target), weight)| Edge {
            source,
            target,
            weight,
        })
        .collect();
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (a.source, a.target).cmp(&(b.source, b.target)))
    });
    Network { nodes, edges }
}

/// The network drawn as an SVG circle of linked nodes.
pub(crate) fn svg(html: &mut Html, network: &Network) {
    let size = 760.0_f64;
    let center = size / 2.0;
    let radius = size / 2.0 - 130.0;
    let n = network.nodes.len().max(1) as f64;
    let point = |idx: usize| {
        let angle = std::f64::consts::TAU * idx as f64 / n - std::f64::consts::FRAC_PI_2;
        (
            center + radius * angle.cos(),
            center + radius * angle.sin(),
            angle,
        )
    };
    let max_weight = network
        .edges
        .iter()
        .map(|e| e.weight)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    html.raw("<svg class=\"network\" role=\"img\" aria-label=\"actor network\" viewBox=\"0 0 760 760\" width=\"760\" height=\"760\" xmlns=\"http://www.w3.org/2000/svg\"><g class=\"edges\">");
    for edge in &network.edges {
        let (x1, y1, _) = point(edge.source);
        let (x2, y2, _) = point(edge.target);
        let width = 0.5 + 5.0 * edge.weight as f64 / max_weight;
        html.raw("<line x1=\"")
            .num(x1.round() as u64)
            .raw("\" y1=\"")
            .num(y1.round() as u64)
            .raw("\" x2=\"")
            .num(x2.round() as u64)
            .raw("\" y2=\"")
            .num(y2.round() as u64)
            .raw("\" stroke=\"#7d8b99\" stroke-opacity=\"0.5\" stroke-width=\"")
            .num(width.round().max(1.0) as u64)
            .raw("\"><title>");
        if let (Some(a), Some(b)) = (
            network.nodes.get(edge.source),
            network.nodes.get(edge.target),
        ) {
            html.text(&a.name).raw(" – ").text(&b.name).raw(": ");
        }
        html.num(edge.weight)
            .raw(" shared documents</title></line>");
    }
    html.raw("</g><g class=\"nodes\">");
    for (idx, node) in network.nodes.iter().enumerate() {
        let (x, y, angle) = point(idx);
        let left = angle.cos() < 0.0;
        html.raw("<a href=\"/actor?key=")
            .url(&node.key)
            .raw("\"><circle class=\"")
            .raw(kind_class(node.kind))
            .raw("\" cx=\"")
            .num(x.round() as u64)
            .raw("\" cy=\"")
            .num(y.round() as u64)
            .raw("\" r=\"7\"></circle><text x=\"")
            .num((x + if left { -10.0 } else { 10.0 }).round() as u64)
            .raw("\" y=\"")
            .num((y + 4.0).round() as u64)
            .raw("\" text-anchor=\"")
            .raw(if left { "end" } else { "start" })
            .raw("\" font-size=\"12\">")
            .text(&node.name)
            .raw("</text></a>");
    }
    html.raw("</g></svg>");
}
