/// The JSON Schema of the case format (also in TestCases/schema/testcase.schema.json, for
/// editors; a test keeps the two equal). `lint` validates every file against it.
enum CaseFormatSchemaText {
    static let json = #"""
{
  "$schema": "http://json-schema.org/draft-06/schema#",
  "title": "ocppspec test case or reusable state",
  "description": "One OCTT test case per file (named after its id), or a reusable state (top-level key `state`). Checked by `ocppspec lint`.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "id": {
      "type": "string",
      "description": "the OCTT id, e.g. TC_B_02_CS"
    },
    "name": {
      "type": "string"
    },
    "state": {
      "type": "string",
      "description": "(reusable states) the state's name"
    },
    "role": {
      "type": "string",
      "enum": [
        "ChargingStation",
        "CSMS"
      ],
      "description": "(reusable states) the role under test"
    },
    "parameters": {
      "type": "object"
    },
    "ocpp": {
      "type": "string",
      "enum": [
        "1.6",
        "2.0.1",
        "2.1"
      ]
    },
    "block": {
      "type": "string"
    },
    "profiles": {
      "type": [
        "string",
        "array"
      ],
      "items": {
        "type": "string"
      }
    },
    "useCases": {
      "type": [
        "string",
        "array"
      ],
      "items": {
        "type": "string"
      }
    },
    "requirements": {
      "type": [
        "string",
        "array"
      ],
      "items": {
        "type": "string"
      }
    },
    "purpose": {
      "type": "string"
    },
    "requires": {
      "type": [
        "string",
        "array"
      ],
      "items": {
        "type": "string"
      }
    },
    "given": {
      "type": "array",
      "items": {
        "type": [
          "string",
          "object"
        ],
        "properties": {
          "state": {
            "type": "string"
          },
          "with": {
            "type": "object"
          }
        },
        "additionalProperties": false
      }
    },
    "steps": {
      "type": "array",
      "items": {
        "$ref": "#/definitions/step"
      },
      "minItems": 1
    },
    "forbid": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "receive": {
            "type": [
              "string",
              "array"
            ],
            "items": {
              "type": "string"
            }
          },
          "except": {
            "type": [
              "string",
              "array"
            ],
            "items": {
              "type": "string"
            }
          },
          "from": {
            "type": "string"
          },
          "until": {
            "type": "string"
          },
          "requirements": {
            "type": [
              "string",
              "array"
            ],
            "items": {
              "type": "string"
            }
          }
        }
      }
    },
    "post": {
      "type": "array",
      "items": {
        "type": [
          "string",
          "object"
        ],
        "properties": {
          "check": {
            "type": "string"
          },
          "with": {
            "type": "object"
          },
          "requirements": {
            "type": [
              "string",
              "array"
            ],
            "items": {
              "type": "string"
            }
          }
        },
        "additionalProperties": false
      }
    },
    "background": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "tolerate": {
          "type": [
            "string",
            "array"
          ],
          "items": {
            "type": "string"
          }
        },
        "replies": {
          "type": "object"
        },
        "tolerateWhen": {
          "type": "object"
        },
        "replyAdditions": {
          "type": "object",
          "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "add"
            ],
            "properties": {
              "when": {
                "type": "object"
              },
              "add": {
                "type": "object"
              }
            }
          }
        },
        "strict": {
          "type": [
            "string",
            "array"
          ],
          "items": {
            "type": "string"
          }
        }
      }
    },
    "timeout": {
      "type": [
        "string",
        "number"
      ],
      "description": "a duration: 30s, 1500ms, 2m, or arithmetic over {{values}}"
    },
    "notes": {
      "type": "string"
    }
  },
  "definitions": {
    "step": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "receive": {
          "type": "string",
          "description": "the DUT sends a CALL of this action"
        },
        "send": {
          "type": "string",
          "description": "the harness sends a CALL of this action"
        },
        "action": {
          "type": "string",
          "description": "a physical (station) or operator (CSMS) action"
        },
        "anyOf": {
          "type": "array",
          "items": {
            "$ref": "#/definitions/step"
          }
        },
        "unordered": {
          "type": "array",
          "items": {
            "$ref": "#/definitions/step"
          }
        },
        "expectNo": {
          "type": [
            "string",
            "array"
          ],
          "items": {
            "type": "string"
          }
        },
        "raw": {
          "type": "string"
        },
        "expectClose": {
          "type": [
            "string",
            "number",
            "null"
          ]
        },
        "wait": {
          "type": [
            "string",
            "number"
          ],
          "description": "a duration: 30s, 1500ms, 2m, or arithmetic over {{values}}"
        },
        "connection": {
          "type": "string",
          "enum": [
            "close",
            "drop",
            "reconnect",
            "refuse"
          ]
        },
        "check": {
          "type": "string"
        },
        "state": {
          "type": "string"
        },
        "label": {
          "type": "string"
        },
        "requirements": {
          "type": [
            "string",
            "array"
          ],
          "items": {
            "type": "string"
          }
        },
        "optional": {
          "type": "boolean"
        },
        "forEach": {
          "type": "string"
        },
        "order": {
          "type": "string",
          "enum": [
            "any",
            "sequence"
          ]
        },
        "comment": {
          "type": "string"
        },
        "when": {
          "type": "string"
        },
        "match": {
          "type": "object",
          "description": "a payload template: subset match; strings starting with # are matchers; {{...}} interpolates"
        },
        "strict": {
          "type": "boolean"
        },
        "within": {
          "type": [
            "string",
            "number"
          ],
          "description": "a duration: 30s, 1500ms, 2m, or arithmetic over {{values}}"
        },
        "replyAfter": {
          "type": [
            "string",
            "number"
          ],
          "description": "receive: hold the harness's answer this long while the case goes on (the DUT's CALL stays outstanding meanwhile)"
        },
        "after": {
          "type": [
            "string",
            "number"
          ],
          "description": "a duration: 30s, 1500ms, 2m, or arithmetic over {{values}}"
        },
        "path": {
          "type": "string",
          "description": "connection reconnect/refuse (harness as CSMS): the request path of the station's attempt, a string or matcher"
        },
        "reply": {
          "type": [
            "object",
            "string"
          ]
        },
        "replyError": {
          "type": [
            "string",
            "object"
          ]
        },
        "capture": {
          "type": "object",
          "additionalProperties": {
            "type": "string"
          }
        },
        "checks": {
          "type": [
            "string",
            "array",
            "object"
          ]
        },
        "until": {
          "type": "object",
          "description": "a payload template: subset match; strings starting with # are matchers; {{...}} interpolates"
        },
        "payload": {
          "type": "object",
          "description": "a payload template: subset match; strings starting with # are matchers; {{...}} interpolates"
        },
        "expectReply": {
          "type": "object",
          "description": "a payload template: subset match; strings starting with # are matchers; {{...}} interpolates"
        },
        "expectCallError": {
          "type": [
            "string",
            "array"
          ],
          "items": {
            "type": "string"
          }
        },
        "with": {
          "type": "object"
        },
        "prompt": {
          "type": "string"
        },
        "for": {
          "type": [
            "string",
            "number"
          ],
          "description": "a duration: 30s, 1500ms, 2m, or arithmetic over {{values}}"
        },
        "except": {
          "type": [
            "string",
            "array"
          ],
          "items": {
            "type": "string"
          }
        },
        "hex": {
          "type": "string"
        },
        "expectMessageId": {
          "type": "string"
        },
        "code": {
          "type": "integer",
          "minimum": 1000,
          "maximum": 4999
        }
      }
    }
  }
}
"""#
}
