import Testing
@testable import Render

@Test func jsonKeepsKeyOrderAndEscapes() {
    let value = JSON.object([
        ("z", .number(1)), ("a", .string("quote \" backslash \\ newline \n tab \t bell \u{07} sep \u{2028}")),
        ("list", .array([.null, .bool(true), .number(-0.5), .number(1e-5), .number(2027), .number(.infinity)])),
        ("nested", .array([.array([.number(1), .number(2)]), .object([("k", .string("v"))])])),
        ("empty", .object([])), ("none", .array([])),
    ])
    let expected = """
    {
      "z": 1,
      "a": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 sep \\u2028",
      "list": [null, true, -0.5, 1e-05, 2027, null],
      "nested": [
        [1, 2],
        {
          "k": "v"
        }
      ],
      "empty": {},
      "none": []
    }

    """
    #expect(value.serialized() == expected)
}

@Test func jsonNumbers() {
    #expect(JSON.numberText(0) == "0")
    #expect(JSON.numberText(-0.0) == "0")
    #expect(JSON.numberText(1_000_000) == "1000000")
    #expect(JSON.numberText(0.1) == "0.1")
    #expect(JSON.numberText(9_007_199_254_740_992) == "9007199254740992")
    #expect(JSON.numberText(.nan) == "null")
    #expect(JSON.numberText(1e20) == "1e+20")
}
