# Runs `glasscore config check -c FILE` and checks the exit code and each expected line.
execute_process(COMMAND ${COMMAND} config check -c ${FILE}
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected exit code 1, got ${rc}\n${out}${err}")
endif()
foreach(expected
    "4 problems"
    "plmns\\[0\\]\\.mnc: 1: expected an MNC of 2 or 3 digits"
    "amf\\.slicez: \\[\\]: unknown key; did you mean 'slices'\\?"
    "amf\\.tais\\[0\\]\\.tac: 7: TAC 7 is not declared in the top-level tacs"
    "udm\\.suci: no home_network_keys")
  if(NOT err MATCHES "${expected}")
    message(FATAL_ERROR "missing '${expected}' in:\n${err}")
  endif()
endforeach()
