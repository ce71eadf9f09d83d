import unittest

from tools.docgen import render, textproto


class TextprotoTest(unittest.TestCase):
    def test_nested_repeated_and_escaped(self) -> None:
        message = textproto.parse(
            'rule_info {\n  rule_name: "r"\n  doc_string: "a \\"b\\"\\nc"\n'
            '  attribute { name: "x" type: LABEL mandatory: true }\n'
            '  attribute { name: "y" }\n}\nfile: "f"\n'
        )
        rule = message["rule_info"][0]
        assert isinstance(rule, dict)
        self.assertEqual(rule["doc_string"], ['a "b"\nc'])
        self.assertEqual([a["name"] for a in rule["attribute"]], [["x"], ["y"]])  # type: ignore[index]
        self.assertEqual(rule["attribute"][0]["type"], ["LABEL"])  # type: ignore[index]

    def test_unbalanced_is_an_error(self) -> None:
        with self.assertRaises((ValueError, IndexError)):
            textproto.parse("a { b: 1")

    def test_render_marks_required_attributes(self) -> None:
        message = textproto.parse(
            'rule_info { rule_name: "r" doc_string: "Doc." '
            'attribute { name: "src" doc_string: "The | source." type: LABEL mandatory: true } }'
        )
        text = render.render(message, "T")
        self.assertIn("## r", text)
        self.assertIn("| `src` | The \\| source. | label | required |", text)


if __name__ == "__main__":
    unittest.main()
