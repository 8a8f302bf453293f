//! The entity network: entities as nodes; an undirected edge for each pair mentioned in one
//! sentence, and a directed edge from a quote's speaker to each entity mentioned in the
//! quote, weighted by how often; written as JSON, GraphML or Graphviz dot.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use dossier_core::{CharSpan, Doc};
use serde::Serialize;

use crate::Linked;

/// A node: one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// The entity id.
    pub id: String,
    /// Its canonical name.
    pub name: String,
    /// Its kind ("person", …).
    pub kind: String,
    /// Its number of mentions.
    pub mentions: usize,
}

/// A weighted edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// The first entity (the speaker, for quotes).
    pub source: String,
    /// The second entity (the one spoken about, for quotes).
    pub target: String,
    /// `"cooccurrence"` (undirected; source < target) or `"quotes"` (directed).
    pub relation: String,
    /// How many sentences or quotes.
    pub weight: u32,
}

/// The entity network of a linked corpus.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Network {
    /// Entities with at least one edge, by id.
    pub nodes: Vec<Node>,
    /// Edges, heaviest first.
    pub edges: Vec<Edge>,
}

/// One linked mention of a document: its span, its entity and its mention index.
type LinkedSpan<'a> = (CharSpan, &'a str, Option<u32>);

/// Builds the network of `linked` over the `docs` it was linked from.
pub fn network(linked: &Linked, docs: &[Doc]) -> Network {
    let mut by_doc: HashMap<&str, Vec<LinkedSpan<'_>>> = HashMap::new();
    for link in &linked.mention_entities {
        by_doc.entry(link.doc.as_str()).or_default().push((
            CharSpan::new(link.start, link.end),
            link.entity.as_str(),
            link.mention,
        ));
    }
    let mut weights: BTreeMap<(String, String, &'static str), u32> = BTreeMap::new();
    for doc in docs {
        let Some(links) = by_doc.get(doc.id.as_str()) else {
            continue;
        };
        for sentence in &doc.sentences {
            let mut inside: Vec<&str> = links
                .iter()
                .filter(|(span, _, _)| sentence.span.contains(*span))
                .map(|(_, entity, _)| *entity)
                .collect();
            inside.sort_unstable();
            inside.dedup();
            for (pos, a) in inside.iter().enumerate() {
                for b in inside.iter().skip(pos + 1) {
                    *weights
                        .entry((a.to_string(), b.to_string(), "cooccurrence"))
                        .or_default() += 1;
                }
            }
        }
        for quote in &doc.quotes {
            let Some(speaker) = quote
                .speaker
                .as_ref()
                .and_then(|s| s.mention)
                .and_then(|m| links.iter().find(|(_, _, idx)| *idx == Some(m)))
                .map(|(_, entity, _)| *entity)
            else {
                continue;
            };
            let mut spoken: Vec<&str> = links
                .iter()
                .filter(|(span, entity, _)| quote.span.contains(*span) && *entity != speaker)
                .map(|(_, entity, _)| *entity)
                .collect();
            spoken.sort_unstable();
            spoken.dedup();
            for target in spoken {
                *weights
                    .entry((speaker.to_string(), target.to_string(), "quotes"))
                    .or_default() += 1;
            }
        }
    }
    let mut edges: Vec<Edge> = weights
        .into_iter()
        .map(|((source, target, relation), weight)| Edge {
            source,
            target,
            relation: relation.to_string(),
            weight,
        })
        .collect();
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    let mut ids: Vec<&str> = edges
        .iter()
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let nodes = ids
        .into_iter()
        .filter_map(|id| linked.entity(id))
        .map(|entity| Node {
            id: entity.id.clone(),
            name: entity.name.clone(),
            kind: entity.kind.as_str().to_string(),
            mentions: entity.mentions,
        })
        .collect();
    Network { nodes, edges }
}

impl Network {
    /// The network as one JSON object `{nodes: [...], edges: [...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// The network as GraphML, readable by Gephi, yEd, NetworkX and igraph.
    pub fn to_graphml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n\
  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n\
  <key id=\"mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"int\"/>\n\
  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n\
  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n\
  <graph id=\"dossier\" edgedefault=\"undirected\">\n",
        );
        for node in &self.nodes {
            let _ = writeln!(
                out,
                "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data><data key=\"mentions\">{}</data></node>",
                xml_escape(&node.id),
                xml_escape(&node.name),
                node.kind,
                node.mentions
            );
        }
        for edge in &self.edges {
            let directed = edge.relation == "quotes";
            let _ = writeln!(
                out,
                "    <edge source=\"{}\" target=\"{}\" directed=\"{directed}\"><data key=\"relation\">{}</data><data key=\"weight\">{}</data></edge>",
                xml_escape(&edge.source),
                xml_escape(&edge.target),
                edge.relation,
                edge.weight
            );
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// The network as a Graphviz `digraph` (co-occurrence edges drawn without arrowheads).
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph dossier {\n");
        for node in &self.nodes {
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\", kind=\"{}\"];",
                dot_escape(&node.id),
                dot_escape(&node.name),
                node.kind
            );
        }
        for edge in &self.edges {
            let arrow = if edge.relation == "quotes" {
                ""
            } else {
                ", dir=none"
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [weight={}, label=\"{}\"{arrow}];",
                dot_escape(&edge.source),
                dot_escape(&edge.target),
                edge.weight,
                edge.relation
            );
        }
        out.push_str("}\n");
        out
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entity, MentionLink};
    use dossier_core::{EntityKind, Meta, Sentence};

    fn entity(id: &str) -> Entity {
        Entity {
            id: id.into(),
            name: id.to_uppercase(),
            kind: EntityKind::Person,
            aliases: vec![],
            country: None,
            roles: vec![],
            documents: vec![],
            mentions: 1,
            code: None,
            lat: None,
            lon: None,
        }
    }

    #[test]
    fn cooccurrence_in_a_sentence_is_an_edge() {
        let mut doc = Doc::new(Meta::default(), "A met B. C & \"D\" <x>.".into());
        doc.sentences = vec![
            Sentence {
                span: CharSpan::new(0, 8),
                ..Sentence::default()
            },
            Sentence {
                span: CharSpan::new(9, 22),
                ..Sentence::default()
            },
        ];
        let link = |entity: &str, start, end| MentionLink {
            doc: doc.id.to_string(),
            mention: None,
            entity: entity.into(),
            text: String::new(),
            start,
            end,
        };
        let linked = Linked {
            entities: vec![entity("a"), entity("b"), entity("c")],
            mention_entities: vec![link("a", 0, 1), link("b", 6, 7), link("c", 9, 10)],
            decisions: vec![],
        };
        let net = network(&linked, &[doc]);
        assert_eq!(net.edges.len(), 1);
        assert_eq!(
            (net.edges[0].source.as_str(), net.edges[0].target.as_str()),
            ("a", "b")
        );
        assert_eq!(net.nodes.len(), 2);
        assert!(net.to_graphml().contains("<edge source=\"a\" target=\"b\""));
        assert!(net.to_dot().contains("\"a\" -> \"b\""));
        assert!(net.to_json().contains("\"weight\": 1"));
    }
}
