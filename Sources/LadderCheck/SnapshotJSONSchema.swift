import Foundation
import LadderModel

/// `ladder schema`: the JSON Schema (draft 2020-12) of snapshot format 1, from the same
/// description the reader's documentation and the rules' strict records use. Unknown fields are
/// allowed, as the format allows them (with a warning).
public enum SnapshotJSONSchema {
    public static func render() throws -> String {
        var definitions: [String: Any] = [:]
        for record in SnapshotSchema.records where record.kind != "snapshot" {
            definitions[record.typeName] = object(record)
        }
        var root = object(SnapshotSchema.record("snapshot")!)
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["$id"] = "https://ladder.example/schemas/snapshot-v1.json"
        root["title"] = "Ladder team snapshot, format version 1"
        root["$defs"] = definitions
        var properties = root["properties"] as! [String: Any]
        properties["version"] = ["const": 1, "description": "Format version: 1."]
        properties["teams"] = (properties["teams"] as! [String: Any]).merging(["minItems": 1]) { $1 }
        properties["stages"] = (properties["stages"] as! [String: Any]).merging(["minItems": 1]) { $1 }
        root["properties"] = properties
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func object(_ record: SnapshotSchema.Record) -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in record.fields {
            let schema = type(field.type, minimum: field.minimum, maximum: field.maximum)
            // An optional field may also be null: "none".
            properties[field.name] = field.required ? schema.merging(["description": field.description]) { $1 }
                : ["anyOf": [schema, ["type": "null"]], "description": field.description]
        }
        return ["type": "object", "description": record.description, "properties": properties,
                "required": record.fields.filter(\.required).map(\.name)]
    }

    private static func type(_ type: SnapshotSchema.FieldType, minimum: Double?, maximum: Double?) -> [String: Any] {
        var bounds: [String: Any] = [:]
        if let minimum { bounds["minimum"] = minimum }
        if let maximum { bounds["maximum"] = maximum }
        switch type {
        case .text, .reference: return ["type": "string"]
        case .date: return ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
        case .integer: return ["type": "integer"]
        case .number: return bounds.merging(["type": "number"]) { $1 }
        case .boolean: return ["type": "boolean"]
        case .list(let item): return ["type": "array", "items": self.type(item, minimum: nil, maximum: nil)]
        case .record(let kind): return ["$ref": "#/$defs/\(SnapshotSchema.record(kind)!.typeName)"]
        case .numbers: return ["type": "object", "additionalProperties": bounds.merging(["type": "number"]) { $1 }]
        }
    }
}
