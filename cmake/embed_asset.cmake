# embed_asset.cmake: a file's bytes as a C++ constant, so an asset (the HTML report's page) is
# edited as the file it is and still compiled into the binary, with no tool beyond CMake.
#
# include()d, it defines
#   embed_asset(TARGET ASSET HEADER NAMESPACE NAME)
# which makes TARGET compile with the generated header HEADER (included as "HEADER"), holding
#   inline constexpr std::string_view NAME
# in NAMESPACE: the bytes of ASSET (relative to the calling folder), regenerated whenever ASSET
# changes. Run with -P, it writes that header (what embed_asset's build step runs).
#
# The bytes are written as a char array of '\xNN' literals, so no byte of the asset needs
# escaping and the constant is the file exactly (no terminating NUL is added).

if(CMAKE_SCRIPT_MODE_FILE)
  file(READ "${INPUT}" hex HEX)
  if(hex STREQUAL "")
    message(FATAL_ERROR "embed_asset: ${INPUT} is empty")
  endif()
  string(REPEAT "[0-9a-f]" 32 sixteen_bytes)
  string(REGEX REPLACE "(${sixteen_bytes})" "\\1\n    " hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(STRIP "${bytes}" bytes)
  file(WRITE "${OUTPUT}"
"// Generated from ${SOURCE} by cmake/embed_asset.cmake: edit that file, not this one.
#pragma once

#include <string_view>

namespace ${NAMESPACE} {

inline constexpr char ${NAME}Bytes[] = {
    ${bytes}
};
inline constexpr std::string_view ${NAME}(${NAME}Bytes, sizeof ${NAME}Bytes);

}  // namespace ${NAMESPACE}
")
  return()
endif()

set(STACKRACE_EMBED_ASSET_SCRIPT ${CMAKE_CURRENT_LIST_FILE})

function(embed_asset target asset header namespace name)
  set(input ${CMAKE_CURRENT_SOURCE_DIR}/${asset})
  set(output ${PROJECT_BINARY_DIR}/generated/${header})
  file(RELATIVE_PATH source ${PROJECT_SOURCE_DIR} ${input})
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSOURCE=${source}
            -DNAMESPACE=${namespace} -DNAME=${name} -P ${STACKRACE_EMBED_ASSET_SCRIPT}
    DEPENDS ${input} ${STACKRACE_EMBED_ASSET_SCRIPT}
    COMMENT "Embedding ${source}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
  target_include_directories(${target} PRIVATE ${PROJECT_BINARY_DIR}/generated)
endfunction()
