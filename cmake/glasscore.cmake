# Project-wide compile settings and helpers. Every Glasscore target goes through these
# functions so that warnings, sanitizers and test labels stay uniform.

add_library(glasscore_options INTERFACE)
target_compile_options(glasscore_options INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wcast-qual -Wformat=2)
if(GLASSCORE_SANITIZERS)
  target_compile_options(glasscore_options INTERFACE
    -fsanitize=${GLASSCORE_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(glasscore_options INTERFACE -fsanitize=${GLASSCORE_SANITIZERS})
endif()
# libFuzzer learns which inputs are new from coverage counters: the code under test (the
# decoders in the libraries), not only each target's own file, must be instrumented.
# Only the fuzz targets link libFuzzer's main (glasscore_add_fuzz_target).
if(GLASSCORE_FUZZ)
  target_compile_options(glasscore_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# glasscore_add_library(<module> SOURCES ... DEPENDS ...)
# One static library per module: glasscore_<module>, alias glasscore::<module>.
# Public headers live in include/glasscore/<module>/.
function(glasscore_add_library module)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  add_library(glasscore_${module} STATIC ${ARG_SOURCES})
  add_library(glasscore::${module} ALIAS glasscore_${module})
  target_include_directories(glasscore_${module} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(glasscore_${module} PUBLIC glasscore_options ${ARG_DEPENDS}
                        PRIVATE ${ARG_PRIVATE_DEPENDS})
endfunction()

# glasscore_add_test(<name> LABEL <unit|integration|interop|fuzz> SOURCES ... DEPENDS ...)
# A GoogleTest executable whose tests are registered one by one with CTest.
# GLASSCORE_SOURCE_DIR lets tests find ../shared relative to the repository root.
function(glasscore_add_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPENDS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE glasscore_options glasscore_test_support
                        GTest::gtest GTest::gtest_main ${ARG_DEPENDS})
  gtest_discover_tests(${name}
    PROPERTIES LABELS ${ARG_LABEL}
    DISCOVERY_TIMEOUT 60)
endfunction()

# glasscore_add_fuzz_target(<name> SOURCES ... DEPENDS ... CORPUS <seed dir>)
# The target defines LLVMFuzzerTestOneInput. See tests/fuzz/CMakeLists.txt.
set(GLASSCORE_FUZZ_SECONDS 20 CACHE STRING "How long CI runs each libFuzzer target")
function(glasscore_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "CORPUS" "SOURCES;DEPENDS" ${ARGN})
  if(GLASSCORE_FUZZ)
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    # New inputs go to a scratch directory; the committed seed corpus is only read.
    set(scratch ${CMAKE_CURRENT_BINARY_DIR}/${name}_corpus)
    file(MAKE_DIRECTORY ${scratch})
    add_test(NAME ${name} COMMAND ${name} -max_total_time=${GLASSCORE_FUZZ_SECONDS}
             -timeout=10 -rss_limit_mb=2048 ${scratch} ${ARG_CORPUS})
  else()
    add_executable(${name} ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
    add_test(NAME ${name} COMMAND ${name} ${ARG_CORPUS})
  endif()
  target_link_libraries(${name} PRIVATE glasscore_options ${ARG_DEPENDS})
  set_tests_properties(${name} PROPERTIES LABELS fuzz)
  # `make fuzz` builds only these and what they need (glasscore_fuzz_targets).
  if(NOT TARGET glasscore_fuzz_targets)
    add_custom_target(glasscore_fuzz_targets)
  endif()
  add_dependencies(glasscore_fuzz_targets ${name})
endfunction()
