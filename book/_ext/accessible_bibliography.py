"""Citations written with ARIA roles that axe-core accepts (WCAG 2 A/AA).

docutils' HTML5 writer puts each citation (the bibliography's entries, from
sphinxcontrib-bibtex) in a ``<div role="list">`` and gives each one
``role="doc-biblioentry"``. That role is deprecated (DPUB-ARIA 1.1), and a list
whose children are not ``listitem`` breaks ``aria-required-children``: axe-core
reports both on the bibliography page. Here a citation is a ``listitem`` of that
list; its ``id`` (the target of every in-text citation) and classes are unchanged.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    # As docutils does, minus the deprecated role: open the list before the first
    # citation of a run of siblings (depart_citation closes it after the last).
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    HTML5Translator.depart_citation(self, node)


def setup(app: Sphinx) -> dict:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
