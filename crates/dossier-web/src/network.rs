//! The actor network: linked entities as nodes, interactions from the merged timeline as
//! directed edges (the actor of an event → its recipient, weighted by the number of events),
//! filtered by PLOVER category, entity kind and event date; laid out on a circle as inline
//! SVG so the page needs no script.

use std::collections::HashMap;

use chrono::NaiveDate;
use dossier_core::EntityKind;
use serde::Serialize;

use crate::html::Html;
use crate::index::Index;
use crate::render::kind_class;

/// One node.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Node {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: EntityKind,
    /// Events in range in which it acts on, or is acted upon by, another actor.
    pub(crate) events: u64,
}

/// One directed edge between two nodes (indexes into the node list).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Edge {
    /// The acting node.
    pub(crate) source: usize,
    /// The node acted upon.
    pub(crate) target: usize,
    /// Events in range with this actor and recipient.
    pub(crate) weight: u64,
    /// Their PLOVER categories with counts, most frequent first.
    pub(crate) categories: Vec<(String, u64)>,
}

/// The filtered network.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Network {
    pub(crate) nodes: Vec<Node>,
    pub(crate) edges: Vec<Edge>,
    /// Events in range with at least one actor → recipient pair.
    pub(crate) events: u64,
}

/// What the network shows.
#[derive(Clone, Debug, Default)]
pub(crate) struct NetworkFilter {
    /// Only events of this PLOVER category.
    pub(crate) category: Option<String>,
    /// Only actors of this kind.
    pub(crate) kind: Option<EntityKind>,
    /// Only events dated on or after this day (undated events only without a date filter).
    pub(crate) from: Option<NaiveDate>,
    /// Only events dated on or before this day.
    pub(crate) to: Option<NaiveDate>,
    /// At most this many nodes: the actors in most interactions.
    pub(crate) limit: usize,
}

/// The `limit` actors in most interactions within the filter, and the edges between them.
pub(crate) fn network(index: &Index, filter: &NetworkFilter) -> Network {
    let wanted = |entity: u32| {
        index
            .entities
            .get(entity as usize)
            .is_some_and(|e| filter.kind.is_none_or(|kind| e.kind == kind))
    };
    // Categories by number, so the inner loop counts into one flat map.
    let mut category_ids: HashMap<&str, u16> = HashMap::new();
    let mut category_names: Vec<&str> = Vec::new();
    let mut pairs: HashMap<(u32, u32, u16), u64> = HashMap::new();
    let mut involvement: HashMap<u32, u64> = HashMap::new();
    let mut n_events = 0;
    let mut involved: Vec<u32> = Vec::new();
    for event in &index.events {
        if filter
            .category
            .as_deref()
            .is_some_and(|c| c != event.category)
        {
            continue;
        }
        if filter.from.is_some() || filter.to.is_some() {
            let Some(day) = event.day else {
                continue;
            };
            if filter.from.is_some_and(|from| day < from) || filter.to.is_some_and(|to| day > to) {
                continue;
            }
        }
        if event.sources.is_empty() || event.targets.is_empty() {
            continue;
        }
        let category = *category_ids
            .entry(event.category.as_str())
            .or_insert_with(|| {
                category_names.push(event.category.as_str());
                (category_names.len() - 1) as u16
            });
        involved.clear();
        for &source in event.sources.iter().filter(|&&s| wanted(s)) {
            for &target in event.targets.iter().filter(|&&t| wanted(t) && t != source) {
                *pairs.entry((source, target, category)).or_default() += 1;
                involved.push(source);
                involved.push(target);
            }
        }
        if involved.is_empty() {
            continue;
        }
        n_events += 1;
        involved.sort_unstable();
        involved.dedup();
        for &entity in &involved {
            *involvement.entry(entity).or_default() += 1;
        }
    }
    let mut by_pair: HashMap<(u32, u32), Vec<(String, u64)>> = HashMap::new();
    for ((source, target, category), n) in pairs {
        let name = category_names.get(category as usize).copied().unwrap_or("");
        by_pair
            .entry((source, target))
            .or_default()
            .push((name.to_string(), n));
    }
    let mut ranked: Vec<(u32, u64)> = involvement.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            let name = |e: u32| index.entities.get(e as usize).map(|e| e.id.as_str());
            name(a.0).cmp(&name(b.0))
        })
    });
    ranked.truncate(filter.limit);
    let position: HashMap<u32, usize> = ranked
        .iter()
        .enumerate()
        .map(|(node, (entity, _))| (*entity, node))
        .collect();
    let nodes = ranked
        .iter()
        .filter_map(|&(entity, events)| {
            let info = index.entities.get(entity as usize)?;
            Some(Node {
                id: info.id.clone(),
                name: info.name.clone(),
                kind: info.kind,
                events,
            })
        })
        .collect();
    let mut edges: Vec<Edge> = by_pair
        .into_iter()
        .filter_map(|((source, target), mut categories)| {
            categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Some(Edge {
                source: *position.get(&source)?,
                target: *position.get(&target)?,
                weight: categories.iter().map(|(_, n)| n).sum(),
                categories,
            })
        })
        .collect();
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (a.source, a.target).cmp(&(b.source, b.target)))
    });
    Network {
        nodes,
        edges,
        events: n_events,
    }
}

/// The network drawn as an SVG circle of nodes joined by arrows.
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
    html.raw("<svg class=\"network\" role=\"img\" aria-label=\"actor network\" viewBox=\"0 0 760 760\" width=\"760\" height=\"760\" xmlns=\"http://www.w3.org/2000/svg\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#7d8b99\"></path></marker></defs><g class=\"edges\">");
    for edge in &network.edges {
        let (x1, y1, _) = point(edge.source);
        let (x2, y2, _) = point(edge.target);
        // Stop the arrow at the target circle's edge.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let (x2, y2) = (x2 - dx / length * 9.0, y2 - dy / length * 9.0);
        let width = 0.5 + 5.0 * edge.weight as f64 / max_weight;
        html.raw("<line class=\"edge\" x1=\"")
            .num(x1.round() as u64)
            .raw("\" y1=\"")
            .num(y1.round() as u64)
            .raw("\" x2=\"")
            .num(x2.round() as u64)
            .raw("\" y2=\"")
            .num(y2.round() as u64)
            .raw("\" stroke=\"#7d8b99\" stroke-opacity=\"0.6\" marker-end=\"url(#arrow)\" stroke-width=\"")
            .num(width.round().max(1.0) as u64)
            .raw("\"><title>");
        if let (Some(a), Some(b)) = (
            network.nodes.get(edge.source),
            network.nodes.get(edge.target),
        ) {
            html.text(&a.name).raw(" → ").text(&b.name).raw(": ");
        }
        html.num(edge.weight).raw(" events");
        for (category, n) in &edge.categories {
            html.raw(", ").text(category).raw(" ").num(*n);
        }
        html.raw("</title></line>");
    }
    html.raw("</g><g class=\"nodes\">");
    for (idx, node) in network.nodes.iter().enumerate() {
        let (x, y, angle) = point(idx);
        let left = angle.cos() < 0.0;
        html.raw("<a href=\"/actor?id=")
            .url(&node.id)
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

/// The strongest edges as a table, readable without hovering.
pub(crate) fn edge_table(html: &mut Html, network: &Network) {
    html.raw("<table class=\"list edges\"><thead><tr><th>actor</th><th>→ recipient</th><th>events</th><th>categories</th></tr></thead><tbody>");
    for edge in network.edges.iter().take(50) {
        let (Some(a), Some(b)) = (
            network.nodes.get(edge.source),
            network.nodes.get(edge.target),
        ) else {
            continue;
        };
        html.raw("<tr><td><a href=\"/actor?id=")
            .url(&a.id)
            .raw("\">")
            .text(&a.name)
            .raw("</a></td><td><a href=\"/actor?id=")
            .url(&b.id)
            .raw("\">")
            .text(&b.name)
            .raw("</a></td><td class=\"count\">")
            .num(edge.weight)
            .raw("</td><td>");
        for (idx, (category, n)) in edge.categories.iter().enumerate() {
            if idx > 0 {
                html.raw(", ");
            }
            html.text(if category.is_empty() {
                "other"
            } else {
                category
            })
            .raw(" ")
            .num(*n);
        }
        html.raw("</td></tr>");
    }
    html.raw("</tbody></table>");
}
