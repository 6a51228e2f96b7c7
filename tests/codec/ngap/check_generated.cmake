# Regenerates the NGAP code into a scratch directory and fails if any generated file
# differs from the committed one (or one is missing or extra).
if(NOT EXISTS ${SPEC_DIR})
  message(STATUS "SKIP: ${SPEC_DIR} not found; cannot check the generated NGAP code")
  return()
endif()
file(REMOVE_RECURSE ${SCRATCH})
execute_process(
  COMMAND ${PYTHON} ${SOURCE_DIR}/tools/asn1gen/asn1gen.py --spec ${SPEC_DIR} --out ${SCRATCH}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "asn1gen failed (${rc})")
endif()
set(differ "")
foreach(dir include/glasscore/codec/ngap/gen lib/codec/ngap/gen tests/codec/ngap/gen)
  file(GLOB_RECURSE fresh RELATIVE ${SCRATCH}/${dir} ${SCRATCH}/${dir}/*)
  file(GLOB_RECURSE committed RELATIVE ${SOURCE_DIR}/${dir} ${SOURCE_DIR}/${dir}/*)
  list(SORT fresh)
  list(SORT committed)
  if(NOT "${fresh}" STREQUAL "${committed}")
    list(APPEND differ "${dir}: file lists differ")
  endif()
  foreach(f ${fresh})
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
      ${SCRATCH}/${dir}/${f} ${SOURCE_DIR}/${dir}/${f} RESULT_VARIABLE same)
    if(NOT same EQUAL 0)
      list(APPEND differ "${dir}/${f}")
    endif()
  endforeach()
endforeach()
if(differ)
  message(FATAL_ERROR "generated NGAP code is stale; regenerate with\n"
    "  /usr/bin/python3 tools/asn1gen/asn1gen.py --spec ../shared/spec/ngap --out .\n"
    "differences: ${differ}")
endif()
message(STATUS "generated NGAP code matches ${SPEC_DIR}")
