# The link half of "gRPC only at the edge" (docs/architecture.md, "Walls"):
# at configure time, every logic library (a library target defined under
# common/ or services/<name>/, except common/grpc/ and targets named *_grpc)
# must not link anything gRPC, directly or through what it links. The include
# half is the ctest Layout.GrpcOnlyAtTheEdge.

# Appends every target defined in `dir` and its subdirectories to `out_var`.
function(zw_collect_targets dir out_var)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    zw_collect_targets("${sub}" more)
    list(APPEND targets ${more})
  endforeach()
  set(${out_var} ${targets} PARENT_SCOPE)
endfunction()

# FATAL_ERROR when `target` reaches a link item whose name mentions grpc.
function(zw_assert_links_no_grpc target)
  set(queue ${target})
  set(seen)
  while(queue)
    list(POP_FRONT queue item)
    if(item IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${item})
    # $<LINK_ONLY:x> and similar wrappers: look at what they wrap.
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    if(NOT item STREQUAL target AND item MATCHES "[Gg][Rr][Pp][Cc]")
      message(FATAL_ERROR "${target} is a logic library but links ${item} (gRPC): "
                          "only common/grpc/ and services/*/grpc/ may (docs/architecture.md)")
    endif()
    if(TARGET "${item}")
      get_target_property(kind "${item}" TYPE)
      set(props INTERFACE_LINK_LIBRARIES)
      if(NOT kind STREQUAL "INTERFACE_LIBRARY")
        list(APPEND props LINK_LIBRARIES)
      endif()
      foreach(prop ${props})
        get_target_property(libs "${item}" ${prop})
        if(libs)
          list(APPEND queue ${libs})
        endif()
      endforeach()
    endif()
  endwhile()
endfunction()

# Checks every logic library under `root` (the source tree's top).
function(zw_check_grpc_walls root)
  zw_collect_targets("${root}" targets)
  foreach(target ${targets})
    get_target_property(kind ${target} TYPE)
    get_target_property(dir ${target} SOURCE_DIR)
    file(RELATIVE_PATH rel "${root}" "${dir}")
    if(NOT kind MATCHES "_LIBRARY$" OR target MATCHES "_grpc$" OR rel MATCHES "^common/grpc")
      continue()
    endif()
    if(rel MATCHES "^common(/|$)" OR rel MATCHES "^services/(ingest|normalization|query)(/|$)"
       OR rel MATCHES "^protos(/|$)")
      zw_assert_links_no_grpc(${target})
    endif()
  endforeach()
endfunction()
